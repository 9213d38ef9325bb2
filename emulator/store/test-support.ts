import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { type RunningEmulator, startEmulator } from "../server";
import { createEmulatorState } from "../state";

/** Test helpers for the emulator's own tests: a fake app that records what Shopify sends it. */

export const FIXTURE_TOML = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "fixtures",
  "shopify.app.toml",
);
export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret";
export const TEST_SHOP = "emulator-test.myshopify.com";

export interface ReceivedRequest {
  method: string;
  path: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface FakeApp {
  url: string;
  received: ReceivedRequest[];
  /** Decides each answer; default 200 "ok". */
  respond: (request: ReceivedRequest) => {
    status: number;
    body?: string;
    headers?: Record<string, string>;
  };
  /** Resolves once `count` requests arrived (polls; no wall-clock assertion). */
  waitFor(count: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startFakeApp(): Promise<FakeApp> {
  const app: FakeApp = {
    url: "",
    received: [],
    respond: () => ({ status: 200, body: "ok" }),
    async waitFor(count) {
      for (let i = 0; i < 500 && app.received.length < count; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      return app.received;
    },
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", app.url);
      const request: ReceivedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        url,
        headers: req.headers,
        body,
      };
      app.received.push(request);
      const answer = app.respond(request);
      res.writeHead(answer.status, {
        "content-type": "text/plain",
        ...answer.headers,
      });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return app;
}

export async function startTestEmulator(
  appUrl: string,
  options: { now?: () => Date } = {},
): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    host: "127.0.0.1",
    state: createEmulatorState({ now: options.now }),
    config: {
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      appUrl,
      apiVersion: "2026-07",
      appTomlPath: FIXTURE_TOML,
      throttle: { maximumAvailable: 1000, restoreRate: 50 },
    },
  });
  // Retries in tests: a few milliseconds apart, not seconds.
  await control(emulator, "POST", "/config", {
    webhookRetry: { attempts: 3, baseDelayMs: 1 },
  });
  return emulator;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the JSON answers loosely
export type Json = any;

export async function control(
  emulator: { url: string },
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers:
      body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
