import fs from "node:fs";
import http from "node:http";
import path from "node:path";

import pg from "pg";

import { appProxySignature } from "../../emulator/pages/app-proxy";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { migratePostgres } from "../../scripts/migrate-postgres.mjs";
import {
  spawnOwnedNode,
  type OwnedProcess,
} from "../../scripts/owned-processes";
import {
  startPostgresCluster,
  type PostgresCluster,
} from "../../scripts/postgres-cluster";
import { freePort } from "../../scripts/stack";
import { buildAppCopy, ROOT } from "../browser/built-app";

/**
 * Several instances of the built app (server.mjs, each with its in-process worker and webhook
 * inbox) on one PostgreSQL database, behind a small load balancer that the emulator knows as the
 * app's URL. Test tooling only; everything started here is an owned process (owned-processes.ts).
 */

const API_KEY = "two-instances-api-key";
const API_SECRET = "two-instances-api-secret";
const SCOPES =
  "read_customers,write_customers,read_orders,write_discounts,read_products,read_locales";

/** A database of its own: the test file's when it is on PostgreSQL, else a throwaway cluster's. */
export async function postgresDatabase(): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  const own = process.env.DATABASE_URL ?? "";
  if (/^postgres(ql)?:/.test(own)) return { url: own, stop: async () => {} };
  const cluster: PostgresCluster = await startPostgresCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query('CREATE DATABASE "loyalty"');
    await admin.end();
    await migratePostgres(cluster.url("loyalty"));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return { url: cluster.url("loyalty"), stop: cluster.stop };
}

export interface AppInstance {
  name: string;
  port: number;
  url: string;
  process: OwnedProcess;
  log(): string;
}

/**
 * A round-robin balancer, as a real one in front of several instances: a connection refused by
 * one instance (down, restarting) is tried on the next, the way nginx's `proxy_next_upstream
 * error` does; a request lost mid-way (the instance died holding it) is answered 502, never
 * replayed, since a POST may have had effects. Counts what each instance answered.
 */
export interface Balancer {
  url: string;
  answered: Map<string, number>;
  close(): Promise<void>;
}

export async function startBalancer(
  upstreams: { name: string; port: number }[],
): Promise<Balancer> {
  const answered = new Map(upstreams.map((u) => [u.name, 0]));
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const first = next++ % upstreams.length;
      const attempt = (tried: number) => {
        const upstream = upstreams[(first + tried) % upstreams.length];
        const forward = http.request(
          {
            host: "127.0.0.1",
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
            agent,
          },
          (answer) => {
            answered.set(upstream.name, answered.get(upstream.name)! + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on("error", (error: NodeJS.ErrnoException) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          if (error.code === "ECONNREFUSED" && tried + 1 < upstreams.length) {
            attempt(tried + 1);
            return;
          }
          res.writeHead(502).end();
        });
        forward.end(body);
      };
      attempt(0);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) =>
    server.listen(port, "127.0.0.1", resolve),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    answered,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}

export interface Fleet {
  emulator: RunningEmulator;
  balancer: Balancer;
  instances: AppInstance[];
  databaseUrl: string;
  apiSecret: string;
  /** SIGKILL to the instance's process group: no shutdown handler runs. */
  kill(instance: AppInstance): Promise<void>;
  /** Starts the instance again on its port, as a supervisor would. */
  restart(instance: AppInstance): Promise<void>;
  /** Opens the embedded admin once with a session token: token exchange installs the shop. */
  installShop(shop: string): Promise<void>;
  /** A storefront request through the app proxy, signed as Shopify signs it, to one instance. */
  proxyFetch(
    instance: AppInstance,
    shop: string,
    customerId: number,
    path: string,
    init?: RequestInit,
  ): Promise<Response>;
  stop(): Promise<void>;
}

async function waitUntilHealthy(instance: AppInstance) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (instance.process.child.exitCode !== null)
      throw new Error(`${instance.name} exited at start:\n${instance.log()}`);
    try {
      const response = await fetch(`${instance.url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${instance.name} did not start:\n${instance.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startFleet(options: {
  databaseUrl: string;
  names: string[];
}): Promise<Fleet> {
  const ports = await Promise.all(options.names.map(() => freePort()));
  const upstreams = options.names.map((name, i) => ({
    name,
    port: ports[i],
  }));
  const appDir = fs.mkdtempSync(path.join(ROOT, "data", "e2e-fleet-"));
  const stoppers: (() => Promise<void>)[] = [
    async () => fs.rmSync(appDir, { recursive: true, force: true }),
  ];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) {
      await stop().catch((error: unknown) =>
        console.warn("stopping the fleet:", error),
      );
    }
  };

  try {
    await buildAppCopy(appDir);
    const balancer = await startBalancer(upstreams);
    stoppers.push(() => balancer.close());
    const emulator = await startEmulator({
      port: 0,
      config: {
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        appUrl: balancer.url,
        apiVersion: "2026-07",
        appTomlPath: path.join(ROOT, "shopify.app.toml"),
        throttle: { maximumAvailable: 20_000, restoreRate: 1_000 },
      },
    });
    stoppers.push(() => emulator.close());

    const spawn = (instance: { name: string; port: number }) => {
      let output = "";
      const owned = spawnOwnedNode([path.join(ROOT, "server.mjs")], {
        cwd: appDir,
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(instance.port),
          HOST: "127.0.0.1",
          SHOPIFY_API_KEY: API_KEY,
          SHOPIFY_API_SECRET: API_SECRET,
          SHOPIFY_APP_URL: balancer.url,
          SCOPES,
          DATABASE_URL: options.databaseUrl,
          SHOPIFY_EMULATOR_URL: emulator.url,
          APP_BRIDGE_URL: `${emulator.url}/app-bridge.js`,
          LOYALTY_WORKER: "in-process",
          LOG_REQUESTS: "off",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-100_000);
      };
      owned.child.stdout?.on("data", keep);
      owned.child.stderr?.on("data", keep);
      return { owned, log: () => output };
    };

    const instances: AppInstance[] = upstreams.map((upstream) => {
      const { owned, log } = spawn(upstream);
      const instance: AppInstance = {
        ...upstream,
        url: `http://127.0.0.1:${upstream.port}`,
        process: owned,
        log,
      };
      return instance;
    });
    stoppers.push(async () => {
      await Promise.all(instances.map((i) => i.process.stop()));
    });
    await Promise.all(instances.map(waitUntilHealthy));

    return {
      emulator,
      balancer,
      instances,
      databaseUrl: options.databaseUrl,
      apiSecret: API_SECRET,
      async kill(instance) {
        const pid = instance.process.child.pid!;
        process.kill(-pid, "SIGKILL");
        await instance.process.exited;
      },
      async restart(instance) {
        const { owned, log } = spawn(instance);
        instance.process = owned;
        instance.log = log;
        await waitUntilHealthy(instance);
      },
      async installShop(shop) {
        const { signSessionToken } =
          await import("../../emulator/session-token");
        const idToken = signSessionToken({
          apiKey: API_KEY,
          apiSecret: API_SECRET,
          shop,
        });
        const host = Buffer.from(
          `admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`,
        ).toString("base64url");
        const response = await fetch(
          `${instances[0].url}/app?embedded=1&shop=${shop}&host=${host}&id_token=${idToken}`,
          {
            headers: {
              "User-Agent":
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            },
          },
        );
        if (!response.ok)
          throw new Error(
            `installing ${shop} failed: ${response.status} ${await response.text()}`,
          );
      },
      proxyFetch(instance, shop, customerId, proxyPath, init = {}) {
        const params = new URLSearchParams({
          shop,
          logged_in_customer_id: String(customerId),
          path_prefix: "/apps/loyalty",
          timestamp: String(Math.floor(Date.now() / 1000)),
        });
        params.set("signature", appProxySignature(params, API_SECRET));
        return fetch(`${instance.url}/proxy${proxyPath}?${params}`, {
          ...init,
          headers: {
            Accept: "application/json",
            "Content-Type": "application/json",
          },
        });
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
