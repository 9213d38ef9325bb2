/**
 * Starts the whole thing on localhost, the way `npm run demo`, the end-to-end tests and the
 * benchmark need it: the local Shopify emulator (in this process) and the BUILT app (a child
 * process running remix-serve, with its outbox worker in-process), wired through
 * SHOPIFY_EMULATOR_URL. Development tooling only: the app never imports this.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

import { startEmulator } from "../emulator/server";
import { signSessionToken } from "../emulator/session-token";
import { spawnOwnedNode } from "./owned-processes";

export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface StackOptions {
  databaseFile: string;
  /**
   * A PostgreSQL database, already migrated (e.g. the test harness's copy of its template):
   * used instead of `databaseFile`, which is then not touched.
   */
  databaseUrl?: string;
  appPort?: number;
  emulatorPort?: number;
  apiKey?: string;
  apiSecret?: string;
  /** Throttle bucket for the emulator's Admin API. */
  throttle?: { maximumAvailable: number; restoreRate: number };
  /** "inherit" shows the app's logs (demo); "pipe" keeps them for failures (tests, bench). */
  appOutput?: "inherit" | "pipe";
  extraAppEnv?: Record<string, string>;
  /** Where `build/` is served from (a private copy for tests); default the repository. */
  appDir?: string;
  /** Extra node flags for the app process (for example --cpu-prof when profiling a benchmark). */
  appNodeArgs?: string[];
  /** One line per emulator request problem or delivery failure. */
  emulatorLog?: (line: string) => void;
}

export interface Stack {
  appUrl: string;
  emulatorUrl: string;
  apiKey: string;
  apiSecret: string;
  emulator: Awaited<ReturnType<typeof startEmulator>>;
  app: ChildProcess;
  appLog(): string;
  /** Opens the embedded admin once with a session token: token exchange installs the shop. */
  installShop(shop: string): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function prismaMigrateDeploy(databaseFile: string): void {
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules/prisma/build/index.js"),
      "migrate",
      "deploy",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
      encoding: "utf8",
    },
  );
  if (result.status !== 0)
    throw new Error(
      `prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`,
    );
}

export function buildApp(): void {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (result.status !== 0)
    throw new Error(
      `remix vite:build failed:\n${result.stdout}\n${result.stderr}`,
    );
}

export function isBuilt(): boolean {
  return fs.existsSync(path.join(ROOT, "build/server/index.js"));
}

async function waitFor(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the app exited with code ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`the app did not answer ${url} in time:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const apiKey = options.apiKey ?? "demo-api-key";
  const apiSecret = options.apiSecret ?? "demo-api-secret";
  const appPort = options.appPort ?? (await freePort());
  const appUrl = `http://localhost:${appPort}`;

  const emulator = await startEmulator({
    port: options.emulatorPort ?? 0,
    config: {
      apiKey,
      apiSecret,
      appUrl,
      apiVersion: "2026-07",
      appTomlPath: path.join(ROOT, "shopify.app.toml"),
      throttle: options.throttle ?? {
        maximumAvailable: 2000,
        restoreRate: 100,
      },
    },
    log: options.emulatorLog,
  });
  const emulatorUrl = emulator.url;

  try {
    if (!options.databaseUrl) prismaMigrateDeploy(options.databaseFile);
  } catch (error) {
    await emulator.close();
    throw error;
  }

  let output = "";
  // server.mjs: the production server (Remix on Express with the webhook inbox at the door).
  // Its own process group, killed with this process whatever happens (owned-processes.ts).
  const server = spawnOwnedNode(
    [...(options.appNodeArgs ?? []), path.join(ROOT, "server.mjs")],
    {
      cwd: options.appDir ?? ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(appPort),
        SHOPIFY_API_KEY: apiKey,
        SHOPIFY_API_SECRET: apiSecret,
        SHOPIFY_APP_URL: appUrl,
        SCOPES:
          "read_customers,write_customers,read_orders,write_discounts,read_products,read_locales",
        DATABASE_URL: options.databaseUrl ?? `file:${options.databaseFile}`,
        SHOPIFY_EMULATOR_URL: emulatorUrl,
        APP_BRIDGE_URL: `${emulatorUrl}/app-bridge.js`,
        LOYALTY_WORKER: "in-process",
        LOG_REQUESTS: options.appOutput === "inherit" ? "on" : "off",
        ...options.extraAppEnv,
      },
      stdio: options.appOutput === "inherit" ? "inherit" : "pipe",
    },
  );
  const app = server.child;
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  app.stdout?.on("data", keep);
  app.stderr?.on("data", keep);

  const stop = async () => {
    await server.stop();
    await emulator.close();
  };

  try {
    await waitFor(`${appUrl}/healthz`, app, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    appUrl,
    emulatorUrl,
    apiKey,
    apiSecret,
    emulator,
    app,
    appLog: () => output,
    stop,
    async installShop(shop: string) {
      const idToken = signSessionToken({ apiKey, apiSecret, shop });
      const host = Buffer.from(
        `admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`,
      ).toString("base64url");
      const url = `${appUrl}/app?embedded=1&shop=${shop}&host=${host}&id_token=${idToken}`;
      const response = await fetch(url, {
        headers: { "User-Agent": BROWSER_USER_AGENT },
      });
      if (!response.ok) {
        throw new Error(
          `installing ${shop} failed: ${response.status} ${await response.text()}\n${output}`,
        );
      }
    },
  };
}
