import { now } from "~/clock.server";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { enqueueOutboxJob } from "~/models/outbox.server";
import { installShop } from "~/services/install.server";
import { awardPointsForOrder } from "~/services/orders.server";
import { createOutboxWorker, OUTBOX_LEASE_MS } from "~/services/worker.server";
import { buildAppCopy, ROOT } from "../test/browser/built-app";
import { eventually } from "../test/e2e/harness";
import { storeOfflineSession } from "../test/fake-admin-api";
import { buildOrderFacts } from "../test/factories";
import { expectLedgerConsistent } from "../test/ledger-invariants";
import { signedWebhookRequest, webhookFixture } from "../test/webhooks";

// `npm run worker` as a web instance with LOYALTY_WORKER=off relies on it: a separate process,
// on the same database, drains the webhook inbox (through the app's own routes) and the outbox,
// and stops cleanly on SIGTERM.

const SHOP = "worker-process.myshopify.com";
let appDir = "";

beforeAll(async () => {
  appDir = fs.mkdtempSync(path.join(ROOT, "data", "worker-app-"));
  await buildAppCopy(appDir);
  await installShop(SHOP);
  // The install's Shopify jobs would only fail here (no Shopify): keep the outbox to what is tested.
  await prisma.outboxJob.deleteMany({ where: { shopDomain: SHOP } });
});

afterAll(() => {
  fs.rmSync(appDir, { recursive: true, force: true });
});

async function storeSignedOrderPaid() {
  const payload = webhookFixture<Record<string, unknown>>("orders-paid");
  const request = signedWebhookRequest({
    topic: "orders/paid",
    shop: SHOP,
    body: payload,
    eventId: "worker-event-1",
    webhookId: "worker-webhook-1",
  });
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  // Stored as the inbox stored webhooks before ADR 0022 (the signed request, to be replayed):
  // the worker still processes such rows after the upgrade, without verifying them again.
  await prisma.webhookInbox.create({
    data: {
      id: "worker-replay-row",
      shopDomain: SHOP,
      topic: "orders/paid",
      eventId: "worker-event-1",
      webhookId: "worker-webhook-1",
      path: new URL(request.url).pathname,
      headers: JSON.stringify(headers),
      body: await request.text(),
      nextAttemptAt: now(),
      receivedAt: now(),
    },
  });
}

// A worker process starts in seconds, or in tens of seconds on a loaded machine.
describe("npm run worker", () => {
  it("drains the webhook inbox and the outbox from its own process, and stops on SIGTERM", async () => {
    await storeSignedOrderPaid();
    // A job whose member is gone: the handler completes it without calling Shopify.
    const { jobId } = await prisma.$transaction((tx) =>
      enqueueOutboxJob(
        tx,
        {
          shopDomain: SHOP,
          kind: "mirror_member",
          payload: { memberId: "no-such-member" },
        },
        now(),
      ),
    );

    const { worker, exited, log } = startWorker({
      // Anything the worker would send to Shopify fails at once, locally.
      SHOPIFY_EMULATOR_URL: "http://127.0.0.1:9",
    });
    const output = () => log.join("");

    try {
      await eventually(async () => {
        const row = await prisma.webhookInbox.findFirstOrThrow({
          where: { shopDomain: SHOP, eventId: "worker-event-1" },
        });
        expect(row.status, output()).toBe("processed");
      }, 60_000);
      await eventually(async () => {
        const job = await prisma.outboxJob.findUniqueOrThrow({
          where: { id: jobId! },
        });
        expect(job.status, output()).toBe("done");
      }, 30_000);
      const award = await prisma.ledgerEntry.findFirst({
        where: { shopDomain: SHOP, kind: "order_award" },
      });
      expect(award?.points).toBe(111);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGTERM");
    }

    expect(await exited, output()).toBe(0);
    expect(output()).toContain(
      "[worker] SIGTERM: finishing the work in progress",
    );
    expect(output()).toContain("[worker] stopped");
    // Nothing it started is left behind.
    await eventually(() => expect(groupIsGone(worker.pid!)).toBe(true));
    await expectLedgerConsistent(prisma);
  }, 120_000);

  it("leaves a job it was killed in the middle of to another worker within one short lease", async () => {
    const shop = "worker-killed.myshopify.com";
    await installShop(shop);
    await prisma.outboxJob.deleteMany({ where: { shopDomain: shop } });
    await storeOfflineSession(shop);
    // A member whose balance must reach Shopify: its mirror_member job is queued.
    await awardPointsForOrder(shop, buildOrderFacts());
    const job = await prisma.outboxJob.findFirstOrThrow({
      where: { shopDomain: shop, kind: "mirror_member" },
    });
    // A Shopify that takes the request and never answers: the worker holds the job.
    let connected = 0;
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      connected += 1;
      sockets.push(socket);
    });
    await new Promise<void>((resolve) =>
      silent.listen(0, "127.0.0.1", resolve),
    );
    const { port } = silent.address() as net.AddressInfo;
    const { worker, exited, log } = startWorker({
      SHOPIFY_EMULATOR_URL: `http://127.0.0.1:${port}`,
    });

    try {
      await eventually(
        () => expect(connected, log.join("")).toBeGreaterThan(0),
        60_000,
      );
      const held = await prisma.outboxJob.findUniqueOrThrow({
        where: { id: job.id },
      });
      expect(held.status).toBe("running");
      process.kill(-worker.pid!, "SIGKILL");
      await exited;
      const killedAt = Date.now();
      await eventually(() => expect(groupIsGone(worker.pid!)).toBe(true));

      // The lease it held ends at most one lease after the kill (no heartbeat renews it now),
      // and then another worker takes the job.
      const orphan = await prisma.outboxJob.findUniqueOrThrow({
        where: { id: job.id },
      });
      expect(orphan.status).toBe("running");
      expect(orphan.lockedUntil!.getTime()).toBeLessThanOrEqual(
        killedAt + OUTBOX_LEASE_MS,
      );
      // Only that job, for the workers below (the first test's leftovers are of no interest).
      await prisma.outboxJob.deleteMany({ where: { id: { not: job.id } } });
      const justBefore = new Date(orphan.lockedUntil!.getTime() - 1);
      const justAfter = new Date(orphan.lockedUntil!.getTime() + 1);
      const handlers = { mirror_member: async () => {} };
      expect(
        await createOutboxWorker({
          handlers,
          now: () => justBefore,
        }).drainOnce(),
      ).toMatchObject({ claimed: 0 });
      expect(
        await createOutboxWorker({
          handlers,
          now: () => justAfter,
        }).drainOnce(),
      ).toMatchObject({ claimed: 1, done: 1 });
    } finally {
      if (worker.exitCode === null && worker.signalCode === null)
        process.kill(-worker.pid!, "SIGKILL");
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
    await expectLedgerConsistent(prisma);
  }, 120_000);
});

/** `npm run worker` in a process group of its own, on the test's database. */
function startWorker(env: Record<string, string>) {
  const log: string[] = [];
  const worker = spawn(
    process.execPath,
    // As `npm run worker` runs it: one process (tsx's CLI would put a parent in front that gives
    // its child 30 ms to acknowledge a signal, then kills it).
    ["--import", "tsx", path.join(ROOT, "scripts/worker.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        REMIX_BUILD_DIR: path.join(appDir, "build"),
        WORKER_INTERVAL_MS: "200",
        ...env,
      },
      stdio: "pipe",
      detached: true,
    },
  );
  worker.stdout.on("data", (chunk: Buffer) => log.push(String(chunk)));
  worker.stderr.on("data", (chunk: Buffer) => log.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) =>
    worker.once("exit", (code) => resolve(code)),
  );
  return { worker, exited, log };
}

/** No process is left in the group (the worker and whatever it started). */
function groupIsGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
