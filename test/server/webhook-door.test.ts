import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { freePort } from "../../scripts/stack";

/**
 * server.mjs itself, in a child process, with a stand-in build whose acceptWebhook does what the
 * library does with a body (reads it whole, again): the door in front of it is what is under test.
 * Memory is judged by the child's peak resident set (maxRSS) after a bounded storm, against its
 * own peak before the storm, in the same run.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const SECRET = "door-secret";
const MIB = 1024 * 1024;

let app: ChildProcess;
let port = 0;
let buildDir = "";
let output = "";

const STUB_BUILD = `
export const publicPath = "/assets/";
export const assetsBuildDirectory = ${JSON.stringify("CLIENT_DIR")};
export const future = {};
export const routes = {};
export const assets = { routes: {}, entry: { module: "", imports: [] }, url: "", version: "1" };
export const entry = {
  module: {
    async acceptWebhook(request) {
      if (new URL(request.url).pathname === "/webhooks/memory") {
        return Response.json({ peakKb: process.resourceUsage().maxRSS });
      }
      if (new URL(request.url).pathname === "/webhooks/slow") {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const text = await request.text();
      return Response.json({ length: text.length });
    },
    startWebhookInbox() {},
    async stopWebhookInbox() {},
    async stopBackgroundWorker() {},
    // The app validates these (app/env.server.ts); the stub hands server.mjs what it reads.
    getEnv() {
      return {
        NODE_ENV: "production",
        PORT: Number(process.env.PORT),
        HOST: process.env.HOST,
        SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET,
        WEBHOOK_INBOX_DRAIN: process.env.WEBHOOK_INBOX_DRAIN,
        WEBHOOKS_MAX_IN_FLIGHT: Number(process.env.WEBHOOKS_MAX_IN_FLIGHT),
        LOG_REQUESTS: process.env.LOG_REQUESTS,
      };
    },
  },
};
`;

function sign(body: Buffer | string) {
  return crypto.createHmac("sha256", SECRET).update(body).digest("base64");
}

interface Answer {
  status: number | "reset";
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One POST; the body is sent in 64 KB chunks, with or without a Content-Length. */
function post(
  pathname: string,
  options: {
    size: number;
    hmac?: string | null;
    declareLength?: boolean;
    hold?: Promise<void>;
  },
): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/paid",
    };
    if (options.hmac !== null)
      headers["X-Shopify-Hmac-Sha256"] = options.hmac ?? "Zm9yZ2Vk";
    if (options.declareLength !== false)
      headers["Content-Length"] = String(options.size);
    let answered: Answer | null = null;
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method: "POST",
        headers,
        agent: false,
      },
      (response) => {
        const answer: Answer = {
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: "",
        };
        answered = answer;
        response.on("data", (chunk: Buffer) => (answer.body += chunk));
        response.on("end", () => resolve(answer));
        response.on("error", () => resolve(answer));
      },
    );
    request.on("error", () =>
      resolve(answered ?? { status: "reset", headers: {}, body: "" }),
    );
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = async () => {
      if (options.hold) {
        const first = Math.min(1024, options.size);
        request.write(chunk.subarray(0, first));
        sent = first;
        await options.hold;
      }
      while (sent < options.size && !request.destroyed && !answered) {
        const piece = chunk.subarray(
          0,
          Math.min(chunk.length, options.size - sent),
        );
        sent += piece.length;
        if (!request.write(piece))
          await new Promise<void>((resolve) => {
            const done = () => {
              request.off("drain", done);
              request.off("close", done);
              resolve();
            };
            request.once("drain", done);
            request.once("close", done);
          });
      }
      if (!request.destroyed && !answered) request.end();
    };
    void pump();
  });
}

const delay = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

async function peakKb(): Promise<number> {
  const answer = await post("/webhooks/memory", { size: 2, hmac: sign("aa") });
  return (JSON.parse(answer.body) as { peakKb: number }).peakKb;
}

beforeAll(async () => {
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "door-build-"));
  fs.mkdirSync(path.join(buildDir, "server"));
  fs.mkdirSync(path.join(buildDir, "client"));
  fs.writeFileSync(
    path.join(buildDir, "server/index.js"),
    STUB_BUILD.replace("CLIENT_DIR", path.join(buildDir, "client")),
  );
  port = await freePort();
  app = spawn(process.execPath, [path.join(ROOT, "server.mjs")], {
    cwd: buildDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      REMIX_BUILD_DIR: buildDir,
      SHOPIFY_API_SECRET: SECRET,
      WEBHOOK_INBOX_DRAIN: "off",
      WEBHOOKS_MAX_IN_FLIGHT: "4",
      LOG_REQUESTS: "off",
    },
    stdio: "pipe",
  });
  app.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  app.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (output.includes("[loyalty] http://")) {
        clearInterval(check);
        resolve();
      } else if (app.exitCode !== null) {
        clearInterval(check);
        reject(new Error(`server.mjs exited:\n${output}`));
      }
    }, 50);
  });
});

afterAll(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app.once("exit", resolve));
    app.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(buildDir, { recursive: true, force: true });
});

describe("the webhook door of server.mjs", () => {
  it("passes a signed body of a real size through to the inbox", async () => {
    const body = JSON.stringify({ id: 1, line_items: "x".repeat(20_000) });
    const answer = await post("/webhooks/orders/paid", {
      size: Buffer.byteLength(body),
      hmac: sign(Buffer.alloc(Buffer.byteLength(body), 0x61)),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      length: Buffer.byteLength(body),
    });
  });

  it("refuses an unsigned body, a forged one and an oversized one, keeping memory bounded", async () => {
    const before = await peakKb();
    const size = Math.floor(9.9 * MIB);
    const many = (count: number, send: () => Promise<Answer>) =>
      Promise.all(Array.from({ length: count }, send));
    // Declared too large: refused before the body is read (the client pauses after its first
    // kilobyte, as a slow client would, so that it reads the answer rather than a reset).
    const declared = await many(12, () =>
      post("/webhooks/orders/paid", { size, hold: delay(300) }),
    );
    // No length (chunked): cut off at the limit (or refused at once beyond the bodies in flight).
    const chunked = await many(12, () =>
      post("/webhooks/orders/paid", { size, declareLength: false }),
    );
    // No HMAC header at all.
    const unsigned = await many(12, () =>
      post("/webhooks/orders/paid", { size, hmac: null, hold: delay(300) }),
    );
    // Within the limit, with a forged signature: read once, refused before it is parsed.
    const forged = await many(4, () =>
      post("/webhooks/orders/paid", { size: Math.floor(1.5 * MIB) }),
    );
    const after = await peakKb();

    // 36 bodies of 9.9 MB and 4 of 1.5 MB arrived; buffering them (as before) costs hundreds of MB.
    expect((after - before) / 1024).toBeLessThan(64);
    expect(declared.map((a) => a.status)).toEqual(Array(12).fill(413));
    for (const answer of chunked)
      expect([413, 503, "reset"]).toContain(answer.status);
    expect(unsigned.map((a) => a.status)).toEqual(Array(12).fill(401));
    expect(forged.map((a) => a.status)).toEqual(Array(4).fill(401));
  });

  it("answers 503 with Retry-After beyond the bodies in flight, and takes them again after", async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const body = Buffer.alloc(4096, 0x61);
    const held = Array.from({ length: 4 }, () =>
      post("/webhooks/slow", { size: body.length, hmac: sign(body), hold }),
    );
    // Let the four held requests reach the door.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await post("/webhooks/orders/paid", {
      size: body.length,
      hmac: sign(body),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("5");

    release();
    expect((await Promise.all(held)).map((a) => a.status)).toEqual([
      200, 200, 200, 200,
    ]);
    const again = await post("/webhooks/orders/paid", {
      size: body.length,
      hmac: sign(body),
    });
    expect(again.status).toBe(200);
  });
});
