import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { ROOT } from "./built-app";
import { startAdminInBrowser } from "./admin-in-browser";

/**
 * Tests never leave processes behind, whatever fails: every process the harness starts from this
 * file carries a marker in its environment, so one that outlived the test is found even after it
 * was handed to another parent.
 */

const MARKER = `LOYALTY_HARNESS_TEST=${randomUUID()}`;
const [markerName, markerValue] = MARKER.split("=");
process.env[markerName] = markerValue;

/** Live processes (not this one) whose environment holds the marker, and this process's children. */
function leftovers(): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ")".
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z") continue;
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
      if (
        Number(ppid) === process.pid ||
        environ.split("\0").includes(MARKER)
      ) {
        const command = fs
          .readFileSync(`/proc/${pid}/cmdline`, "utf8")
          .replaceAll("\0", " ");
        found.push(`${pid} ${command.slice(0, 160)}`);
      }
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

const listeningServers = () =>
  process
    .getActiveResourcesInfo()
    .filter((resource) => resource === "TCPServerWrap").length;

const workDirs = () =>
  fs.existsSync(path.join(ROOT, "data", "browser"))
    ? fs
        .readdirSync(path.join(ROOT, "data", "browser"))
        .filter((entry) => entry.startsWith("cleanup-"))
    : [];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-cleanup-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("the browser harness cleans up after itself", () => {
  it("stops the app server and the App Bridge stand-in when the browser fails to start, and removes its files", async () => {
    // A "browser" that starts a process of its own and then dies, as a broken Chromium would
    // (the helper lets go of Playwright's pipes, or the launch would wait for its timeout).
    const brokenBrowser = path.join(scratch, "broken-chromium");
    fs.writeFileSync(
      brokenBrowser,
      "#!/bin/sh\nsleep 300 >/dev/null 2>&1 3>&- 4>&- &\necho 'no display, no luck' >&2\nexit 1\n",
      { mode: 0o755 },
    );
    const serversBefore = listeningServers();
    expect(leftovers()).toEqual([]);
    process.env.CHROMIUM_PATH = brokenBrowser;
    try {
      await expect(
        startAdminInBrowser("cleanup", async () => undefined),
      ).rejects.toThrow(/did not start/);
    } finally {
      delete process.env.CHROMIUM_PATH;
    }
    // The app server was running (the failure came after it): it is gone, and nothing else remains.
    await expect.poll(leftovers, { timeout: 10_000 }).toEqual([]);
    // A closed server's handle is released on a later turn of the event loop.
    await expect.poll(listeningServers).toBe(serversBefore);
    expect(workDirs()).toEqual([]);
  }, 180_000);

  it("leaves nothing running once a started harness is stopped: app server, Chromium and its helpers", async () => {
    const harness = await startAdminInBrowser("cleanup", async () => undefined);
    const page = await harness.browser.newPage();
    const response = await page.goto(`${harness.app.url}/healthz`);
    expect(response?.status()).toBeLessThan(500);
    expect(leftovers().length).toBeGreaterThan(1);
    await harness.stop();
    await expect.poll(leftovers, { timeout: 10_000 }).toEqual([]);
    expect(workDirs()).toEqual([]);
  }, 180_000);
});
