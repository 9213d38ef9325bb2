import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// In a file of its own: the harness tests start and sweep many processes around it.
describe("exit-with-parent", () => {
  it("a server whose starter is killed outright (SIGKILL, no clean-up code runs) exits by itself", async () => {
    const watchdog = pathToFileURL(
      path.join(ROOT, "scripts/exit-with-parent.mjs"),
    ).href;
    // sh starts the server as the harness would, reports its pid, and is then killed with SIGKILL.
    const starter = spawn(
      "sh",
      [
        "-c",
        `EXIT_WITH_PARENT_PID=$$ "${process.execPath}" --import "${watchdog}" -e "setInterval(() => {}, 1000)" & echo $!; wait`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const serverPid = await new Promise<number>((resolve) =>
      starter.stdout.once("data", (chunk) => resolve(Number(String(chunk)))),
    );
    const alive = () =>
      fs.existsSync(`/proc/${serverPid}/cmdline`) &&
      fs.readFileSync(`/proc/${serverPid}/cmdline`, "utf8") !== "";
    try {
      // Between sh's fork and node's exec the new process can read as having no command line
      // (seen once on a loaded machine): wait for the server to be there before killing its starter.
      await expect.poll(alive, { timeout: 10_000 }).toBe(true);
      starter.kill("SIGKILL");
      await expect.poll(alive, { timeout: 10_000 }).toBe(false);
    } finally {
      // Whatever failed above, nothing of this test stays behind.
      starter.kill("SIGKILL");
      if (alive()) process.kill(serverPid, "SIGKILL");
    }
  });
});
