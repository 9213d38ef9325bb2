import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

import { spawnOwnedNode } from "../../scripts/owned-processes";

/**
 * The production build of the app, served by remix-serve in a child process, for browser tests.
 * Test files run in parallel and other tests build too: the build happens under a lock, is skipped
 * when build/ is newer than every source, and each test serves its own copy so a rebuild started
 * later by someone else cannot pull files from under it.
 */

export const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILD_DIR = path.join(ROOT, "build");
const LOCK_DIR = path.join(ROOT, "data", ".build.lock");

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

function newestSourceChange(): number {
  let newest = 0;
  const visit = (entry: string) => {
    if (!fs.existsSync(entry)) return;
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of [
    "app",
    "public",
    "vite.config.ts",
    "package-lock.json",
    "prisma/schema.prisma",
  ]) {
    visit(path.join(ROOT, source));
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const serverBuild = path.join(BUILD_DIR, "server/index.js");
  return (
    fs.existsSync(serverBuild) &&
    fs.statSync(serverBuild).mtimeMs > newestSourceChange()
  );
}

/** The process holding the lock is gone: it died before releasing it. */
function lockIsStale(): boolean {
  const pid = Number(fs.readFileSync(path.join(LOCK_DIR, "pid"), "utf8"));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

// Staleness goes by the holder's pid, not by the lock's age: under faketime (the suite also runs
// a year ahead) the clock and the file system's timestamps disagree by the whole offset.
async function withBuildLock<T>(work: () => T): Promise<T> {
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let stale = false;
      try {
        stale = lockIsStale();
      } catch {
        // No pid yet (taken a moment ago) or just released: wait and retry.
      }
      if (stale) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** Builds the app if its sources changed since the last build, and copies the build to `targetDir/build`. */
export async function buildAppCopy(targetDir: string): Promise<void> {
  await withBuildLock(() => {
    if (!buildIsCurrent()) {
      const result = spawnSync(
        process.execPath,
        [
          path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"),
          "vite:build",
        ],
        {
          cwd: ROOT,
          encoding: "utf8",
          env: { ...process.env, NODE_ENV: "production" },
        },
      );
      if (result.status !== 0)
        throw new Error(
          `remix vite:build failed:\n${result.stdout}\n${result.stderr}`,
        );
    }
    fs.rmSync(path.join(targetDir, "build"), { recursive: true, force: true });
    fs.cpSync(BUILD_DIR, path.join(targetDir, "build"), { recursive: true });
  });
}

/** A fresh SQLite database with every migration applied. */
export function migrateDatabase(databaseFile: string): void {
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

export interface RunningApp {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts remix-serve on a free port from `appDir` (which holds `build/`). The directory sits inside
 * the repository so the server build still resolves node_modules.
 */
export async function startBuiltApp(
  appDir: string,
  env: Record<string, string>,
): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const server = spawnOwnedNode(
    [
      path.join(ROOT, "node_modules/@remix-run/serve/dist/cli.js"),
      "build/server/index.js",
    ],
    {
      cwd: appDir,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        SHOPIFY_APP_URL: url,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const child = server.child;
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));

  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(
          `remix-serve exited with ${child.exitCode}:\n${output}`,
        );
      try {
        await fetch(`${url}/`, { redirect: "manual" });
        break;
      } catch {
        if (Date.now() > deadline)
          throw new Error(`remix-serve did not start in time:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await server.stop();
    throw error;
  }

  return {
    url,
    log: () => output,
    stop: () => server.stop(),
  };
}
