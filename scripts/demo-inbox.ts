/**
 * The demo's mail catcher: MailDev (npm `maildev`) on two free loopback ports, an SMTP server the
 * app sends through and a web inbox a person reads. A child process this process owns
 * (owned-processes.ts), so it stops with the demo whatever happens. Development tooling only.
 */
import path from "node:path";

import { spawnOwnedNode, type OwnedProcess } from "./owned-processes";
import { freePort } from "./stack";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface DemoInbox {
  /** What the app's SMTP_URL points at. */
  smtpUrl: string;
  /** The web inbox. */
  webUrl: string;
  stop(): Promise<void>;
}

async function waitForInbox(
  url: string,
  owned: OwnedProcess,
  log: () => string,
) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (owned.child.exitCode !== null)
      throw new Error(
        `MailDev exited with code ${owned.child.exitCode}:\n${log()}`,
      );
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`MailDev did not answer ${url} in time:\n${log()}`);
}

export async function startDemoInbox(): Promise<DemoInbox> {
  const smtpPort = await freePort();
  const webPort = await freePort();
  const owned = spawnOwnedNode(
    [
      path.join(ROOT, "node_modules/maildev/dist/bin/maildev.js"),
      "--smtp",
      String(smtpPort),
      "--ip",
      "127.0.0.1",
      "--web",
      String(webPort),
      "--web-ip",
      "127.0.0.1",
      "--silent",
    ],
    { cwd: ROOT, stdio: "pipe" },
  );
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  owned.child.stdout?.on("data", keep);
  owned.child.stderr?.on("data", keep);
  const web = `http://127.0.0.1:${webPort}`;
  try {
    await waitForInbox(`${web}/api/email`, owned, () => output);
  } catch (error) {
    await owned.stop();
    throw error;
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    // MailDev 3.0.0 on Node 20 answers 404 at "/" but serves its inbox at /index.html.
    webUrl: `${web}/index.html`,
    stop: () => owned.stop(),
  };
}
