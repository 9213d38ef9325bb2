/**
 * A throwaway PostgreSQL cluster for tests, benchmarks and `npm run postgres:migration`: Debian's
 * server binaries, a data directory in a temp dir, a free port on 127.0.0.1 and its socket in the
 * same temp dir. The server runs in the foreground as a process this process owns
 * (owned-processes.ts) and gets SIGINT (a fast shutdown) if this process dies without cleaning up
 * (setpriv --pdeathsig). The server refuses to run as root: as root it runs as the `postgres` user.
 * Development and test tooling only; see docs/decisions/0020-postgresql.md.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { spawnOwned } from "./owned-processes";

export interface PostgresCluster {
  /** `postgresql://postgres@127.0.0.1:PORT/<database>` */
  url(database: string): string;
  port: number;
  dir: string;
  /** Fast shutdown, then the temp dir is removed. */
  stop(): Promise<void>;
}

export function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, "bin", "postgres")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install -y postgresql, or set POSTGRES_BIN)",
    );
  return path.join(root, versions[0], "bin");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

/** The command as the cluster's owner: `postgres` when we are root. */
function asOwner(command: string, args: string[]): [string, string[]] {
  const drop = isRoot
    ? ["--reuid=postgres", "--regid=postgres", "--init-groups"]
    : [];
  return ["setpriv", [...drop, "--pdeathsig", "SIGINT", command, ...args]];
}

async function waitUntilReady(bin: string, dir: string, port: number) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      execFileSync(
        path.join(bin, "pg_isready"),
        ["-h", dir, "-p", String(port), "-U", "postgres", "-q"],
        { stdio: "ignore" },
      );
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`PostgreSQL did not start on port ${port}`);
}

/**
 * A runner killed outright leaves its cluster's temp dir behind (the server itself stops on the
 * parent-death signal): remove those whose server is gone.
 */
function removeAbandonedClusters(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith("loyalty-pg-")) continue;
    const dir = path.join(os.tmpdir(), name);
    if (fs.existsSync(path.join(dir, "data", "postmaster.pid"))) continue;
    // One being set up right now (initdb running) has no postmaster.pid yet either.
    if (Date.now() - fs.statSync(dir).mtimeMs < 10 * 60_000) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  removeAbandonedClusters();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-pg-"));
  const data = path.join(dir, "data");
  if (isRoot) execFileSync("chown", ["postgres:postgres", dir]);
  try {
    const [initdb, initArgs] = asOwner(path.join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
    ]);
    execFileSync(initdb, initArgs, { stdio: "pipe" });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const port = await freePort();
  // Durability is not the point of a throwaway cluster: fsync off makes it quick.
  const [postgres, args] = asOwner(path.join(bin, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
    "-c",
    "max_connections=300",
    "-c",
    "shared_buffers=32MB",
  ]);
  const server = spawnOwned(postgres, args, {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  server.child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    // SIGINT to the postmaster is a fast shutdown: open connections are closed, not waited for.
    if (server.child.pid !== undefined) {
      try {
        process.kill(server.child.pid, "SIGINT");
      } catch {
        // Already gone.
      }
    }
    await server.stop(10_000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitUntilReady(bin, dir, port),
      server.exited.then(() => {
        throw new Error(`PostgreSQL exited at start:\n${log}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    dir,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop,
  };
}
