import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { spawnOwnedNode } from "../../scripts/owned-processes";
import { buildAppCopy, freePort, ROOT } from "../browser/built-app";

// The environment is validated once at boot (app/env.server.ts): the production server and the
// worker stop at once on a bad value, with one message naming the variable and no stack trace.

let appDir = "";

beforeAll(async () => {
  appDir = fs.mkdtempSync(path.join(ROOT, "data", "boot-env-"));
  await buildAppCopy(appDir);
});

afterAll(() => {
  fs.rmSync(appDir, { recursive: true, force: true });
});

async function run(script: string, env: Record<string, string>) {
  const owned = spawnOwnedNode(
    script.endsWith(".ts")
      ? [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), script]
      : [script],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        REMIX_BUILD_DIR: path.join(appDir, "build"),
        LOG_REQUESTS: "off",
        ...env,
      },
      stdio: "pipe",
    },
  );
  let stdout = "";
  let stderr = "";
  owned.child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk));
  owned.child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk));
  return { owned, output: () => ({ stdout, stderr }) };
}

describe("a bad environment at boot", () => {
  it("stops npm start with one message naming the variable", async () => {
    const { owned, output } = await run("server.mjs", { PORT: "eighty" });
    const code = await new Promise((resolve) =>
      owned.child.once("exit", resolve),
    );
    const { stdout, stderr } = output();
    expect(code, stdout + stderr).toBe(1);
    expect(stderr).toMatch(
      /^\[loyalty\] Invalid environment:\n {2}PORT: [^\n]+\n$/,
    );
  });

  it("stops npm run worker the same way, for what db.server.ts reads too", async () => {
    const { owned, output } = await run("scripts/worker.ts", {
      DATABASE_POOL_SIZE: "many",
      DATABASE_URL: "postgresql://loyalty:hunter2@127.0.0.1:9/loyalty",
    });
    const code = await new Promise((resolve) =>
      owned.child.once("exit", resolve),
    );
    const { stdout, stderr } = output();
    expect(code, stdout + stderr).toBe(1);
    expect(stderr).toMatch(
      /^\[worker\] Invalid environment:\n {2}DATABASE_POOL_SIZE: [^\n]+\n$/,
    );
    expect(stderr).not.toContain("hunter2");
  });
});

describe("the production server", () => {
  it("sends Pub/Sub pushes to their route, not through the HMAC door, and stops gracefully on SIGTERM", async () => {
    const port = await freePort();
    const { owned, output } = await run("server.mjs", {
      PORT: String(port),
      HOST: "127.0.0.1",
      LOYALTY_WORKER: "off",
      WEBHOOK_INBOX_DRAIN: "off",
    });
    try {
      let response: Response | null = null;
      for (let attempt = 0; attempt < 200 && !response; attempt++) {
        response = await fetch(`http://127.0.0.1:${port}/webhooks/pubsub`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return null;
        });
      }
      const { stdout, stderr } = output();
      // The HMAC door answers 401 to a request without X-Shopify-Hmac-Sha256; the route, with no
      // PUBSUB_AUDIENCE configured, answers 404.
      expect(response?.status, stdout + stderr).toBe(404);
      const webhook = await fetch(
        `http://127.0.0.1:${port}/webhooks/orders/paid`,
        {
          method: "POST",
          body: "{}",
        },
      );
      expect(webhook.status).toBe(401);
    } finally {
      await owned.stop();
    }
    // SIGTERM: a graceful stop, exit 0.
    const { stdout, stderr } = output();
    expect(owned.child.exitCode, stdout + stderr).toBe(0);
    expect(stdout).toContain(
      "[loyalty] SIGTERM: finishing the requests and work in progress",
    );
    expect(stdout).toContain("[loyalty] stopped");
  });
});
