/**
 * Emails (issue 9): with the outbox at `pending` queued "points earned" emails (10,000 by default),
 * how many per second the app's email worker delivers through a real local SMTP server
 * (`smtp-server`, in this process), against a baseline measured in the same run: raw `nodemailer`
 * sends of a message of the same size to the same server, with the same number in flight.
 * The worker does everything the app does per email (claim, read the member and shop, render the
 * Liquid templates in the member's language, sign the unsubscribe link, mark sending, send, record).
 * Target: ratio ≥ 0.5.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { fileURLToPath } from "node:url";

import { spawnOwnedNode } from "../scripts/owned-processes";

export const EMAIL_TARGETS = { minRatio: 0.5 };

const SHOP = "emails-bench.myshopify.com";
const APP_URL = "https://loyalty.example";
/** Emails in flight at once, for the worker (its default concurrency) and the baseline alike. */
const IN_FLIGHT = 8;
const BATCH = 200;

export interface EmailBenchResult {
  pending: number;
  workerSent: number;
  workerSeconds: number;
  workerPerSecond: number;
  baselineSent: number;
  baselineSeconds: number;
  baselinePerSecond: number;
  ratio: number;
  meetsTargets: boolean;
}

function migrate(url: string) {
  const cli = path.resolve("node_modules/prisma/build/index.js");
  execFileSync(process.execPath, [cli, "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

/** A shop, `pending` members (half English, half French) and one queued email each. */
function seed(file: string, pending: number, now: Date) {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    const iso = now.toISOString();
    db.transaction(() => {
      db.prepare(
        `INSERT INTO "Shop" ("domain", "name", "currencyCode", "ianaTimezone", "installedAt", "createdAt", "updatedAt") VALUES (?, 'Maison Bench', 'EUR', 'Europe/Paris', ?, ?, ?)`,
      ).run(SHOP, iso, iso, iso);
      db.prepare(
        `INSERT INTO "Program" ("shopDomain", "createdAt", "updatedAt") VALUES (?, ?, ?)`,
      ).run(SHOP, iso, iso);
      // The hourly limit protects a real SMTP account; the benchmark measures the worker itself.
      db.prepare(
        `INSERT INTO "EmailSettings" ("shopDomain", "hourlyLimit", "updatedAt") VALUES (?, ?, ?)`,
      ).run(SHOP, pending * 10, iso);
      const member = db.prepare(
        `INSERT INTO "Member" ("id", "shopDomain", "customerId", "email", "firstName", "locale", "balance", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, 120, ?, ?)`,
      );
      const email = db.prepare(
        `INSERT INTO "MemberEmail" ("id", "shopDomain", "memberId", "kind", "idempotencyKey", "payload", "status", "attempts", "runAfter", "createdAt", "updatedAt") VALUES (?, ?, ?, 'points_earned', ?, ?, 'queued', 0, ?, ?, ?)`,
      );
      for (let m = 0; m < pending; m++) {
        const id = `member-${m}`;
        member.run(
          id,
          SHOP,
          `cust-${m}`,
          `member${m}@example.com`,
          m % 2 ? "Camille" : "Jane",
          m % 2 ? "fr" : "en",
          iso,
          iso,
        );
        const key = `points_earned:entry-${m}`;
        email.run(
          `email-${String(m).padStart(6, "0")}`,
          SHOP,
          id,
          key,
          JSON.stringify({ points: 120, balance: 120, events: [key] }),
          iso,
          iso,
          iso,
        );
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
}

async function startSmtp() {
  let received = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    maxClients: 64,
    onData(stream, _session, callback) {
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.on("end", () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    bytes: () => bytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runs in a child process of its own: the app's modules bind their database when they first load,
 * and other benchmarks in `npm run bench` load them against another one.
 */
export async function measureEmailDelivery(
  options: { pending?: number } = {},
): Promise<EmailBenchResult> {
  const pending = options.pending ?? 10_000;
  const owned = spawnOwnedNode(
    ["--import", "tsx", fileURLToPath(import.meta.url), String(pending)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  owned.child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await owned.exited;
  const line = output.trim().split("\n").pop() ?? "";
  if (owned.child.exitCode !== 0 || !line.startsWith("{"))
    throw new Error(`the emails benchmark failed:\n${output}`);
  return JSON.parse(line) as EmailBenchResult;
}

async function measureInProcess(pending: number): Promise<EmailBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-emails-bench-"));
  const file = path.join(dir, "emails.sqlite");
  const url = `file:${file}`;
  const smtp = await startSmtp();
  try {
    migrate(url);
    seed(file, pending, new Date());
    // The app's modules read DATABASE_URL when they load: load them only now, against this database.
    process.env.DATABASE_URL = url;
    process.env.LOYALTY_WORKER = "off";
    const { createPrismaClient } = await import("../app/db.server");
    globalThis.prismaGlobal = createPrismaClient(url);
    const { createEmailDelivery } =
      await import("../app/services/emails/delivery.server");

    // The app's own transport settings: one pooled connection set (smtp.server.ts).
    const pooled = () =>
      nodemailer.createTransport(`${smtp.url}?pool=true&maxConnections=5`);

    const workerTransport = pooled();
    const delivery = createEmailDelivery({
      transport: workerTransport,
      from: "fidelite@maison-bench.example",
      appUrl: APP_URL,
      secret: "bench-secret",
      now: () => new Date(),
      concurrency: IN_FLIGHT,
    });
    const before = smtp.received();
    const bytesBefore = smtp.bytes();
    const t0 = performance.now();
    let workerSent = 0;
    for (;;) {
      const summary = await delivery.drainOnce(BATCH);
      if (summary.claimed === 0) break;
      workerSent += summary.sent;
      if (summary.failed + summary.retried + summary.skipped > 0)
        throw new Error(`unexpected outcome: ${JSON.stringify(summary)}`);
    }
    const workerSeconds = (performance.now() - t0) / 1000;
    workerTransport.close();
    const workerReceived = smtp.received() - before;
    if (workerReceived !== workerSent || workerSent !== pending)
      throw new Error(
        `worker sent ${workerSent}, server received ${workerReceived}, queued ${pending}`,
      );
    const averageBytes = Math.round(
      (smtp.bytes() - bytesBefore) / workerReceived,
    );

    // Baseline: the same number of messages of the same size, straight through nodemailer.
    const body = "x".repeat(Math.max(0, Math.floor(averageBytes / 2) - 400));
    const baselineTransport = pooled();
    const baselineBefore = smtp.received();
    const t1 = performance.now();
    for (let index = 0; index < pending; index += IN_FLIGHT) {
      const batch: Promise<unknown>[] = [];
      for (let i = index; i < Math.min(pending, index + IN_FLIGHT); i++)
        batch.push(
          baselineTransport.sendMail({
            from: "fidelite@maison-bench.example",
            to: `member${i}@example.com`,
            subject: "You earned 120 points at Maison Bench",
            text: body,
            html: `<p>${body}</p>`,
          }),
        );
      await Promise.all(batch);
    }
    const baselineSeconds = (performance.now() - t1) / 1000;
    baselineTransport.close();
    const baselineSent = smtp.received() - baselineBefore;

    const workerPerSecond = workerSent / workerSeconds;
    const baselinePerSecond = baselineSent / baselineSeconds;
    const ratio = workerPerSecond / baselinePerSecond;
    await globalThis.prismaGlobal.$disconnect();
    return {
      pending,
      workerSent,
      workerSeconds,
      workerPerSecond,
      baselineSent,
      baselineSeconds,
      baselinePerSecond,
      ratio,
      meetsTargets: ratio >= EMAIL_TARGETS.minRatio,
    };
  } finally {
    await smtp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  measureInProcess(Number(process.argv[2] ?? 10_000)).then(
    (result) => {
      console.log(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
