/**
 * `npm run worker`: the background work of the app in a process of its own, for web instances
 * started with LOYALTY_WORKER=off (and WEBHOOK_INBOX_DRAIN=off, if webhooks should only be
 * acknowledged there). It drains the outbox (Admin API calls, emails, periodic jobs) and the
 * webhook inbox, handing each stored webhook to its topic's handler (ADR 0022), exactly as the web
 * process does in-process; several workers may run on one PostgreSQL database (claims, leases).
 * It runs the BUILT app (`npm run build` first), like `npm start`, so the handlers, models and
 * Prisma client are the same modules the web process runs.
 *
 * SIGTERM or SIGINT: stop claiming work, finish the job in hand (a job or webhook is never cut in
 * half), hand the jobs claimed with it and not started back to the outbox, then exit 0. A worker
 * killed outright (SIGKILL) stops renewing its job's short lease: another worker takes the job
 * within 30 s (docs/decisions/0021-jobs.md).
 *
 * `npm run worker` runs it as `node --import tsx`, one process: tsx's CLI would put a parent in
 * front that gives its child 30 ms to acknowledge a signal before killing it.
 */
import fs from "node:fs";
import path from "node:path";
import url from "node:url";

import { installGlobals } from "@remix-run/node";

installGlobals({ nativeFetch: true });

interface WorkerEntry {
  getEnv(): {
    NODE_ENV: string;
    WORKER_INTERVAL_MS: number;
    WEBHOOK_INBOX_CONCURRENCY?: number;
  };
  startWebhookInbox(options?: {
    intervalMs?: number;
    concurrency?: number;
  }): void;
  stopWebhookInbox(): Promise<void>;
  startBackgroundWorker(options?: {
    enabled?: boolean;
    intervalMs?: number;
  }): void;
  stopBackgroundWorker(): Promise<void>;
}

const buildDir = path.resolve(
  process.env.REMIX_BUILD_DIR ?? path.join(process.cwd(), "build"),
);
const serverBuild = path.join(buildDir, "server/index.js");
if (!fs.existsSync(serverBuild)) {
  console.error(
    `[worker] no build at ${serverBuild}: run \`npm run build\` first.`,
  );
  process.exit(1);
}

// The environment is validated as the build loads (app/env.server.ts): a bad value stops the
// worker here with one message naming the variable.
let build: { entry: { module: WorkerEntry } };
let env: ReturnType<WorkerEntry["getEnv"]>;
try {
  build = (await import(url.pathToFileURL(serverBuild).href)) as typeof build;
  env = build.entry.module.getEnv();
} catch (error) {
  if ((error as Error | undefined)?.name !== "InvalidEnvironmentError")
    throw error;
  console.error(`[worker] ${(error as Error).message}`);
  process.exit(1);
}
const entry = build.entry.module;
const intervalMs = env.WORKER_INTERVAL_MS;

entry.startWebhookInbox({
  intervalMs,
  // Webhooks one worker processes at once (default: 4 on SQLite, 16 on PostgreSQL; ADR 0022).
  concurrency: env.WEBHOOK_INBOX_CONCURRENCY,
});
entry.startBackgroundWorker({ enabled: true, intervalMs });
console.log("[worker] draining the outbox and the webhook inbox");

// The timers are unref'd: this keeps the process alive until a signal.
const keepAlive = setInterval(() => undefined, 60_000);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing the work in progress`);
  await Promise.all([entry.stopWebhookInbox(), entry.stopBackgroundWorker()]);
  clearInterval(keepAlive);
  console.log("[worker] stopped");
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => void stop(signal));
