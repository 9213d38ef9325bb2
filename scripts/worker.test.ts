import { now } from "~/clock.server";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { enqueueOutboxJob } from "~/models/outbox.server";
import { installShop } from "~/services/install.server";
import { buildAppCopy, ROOT } from "../test/browser/built-app";
import { eventually } from "../test/e2e/harness";
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

    let output = "";
    const worker = spawn(
      process.execPath,
      [
        path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
        path.join(ROOT, "scripts/worker.ts"),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: "production",
          REMIX_BUILD_DIR: path.join(appDir, "build"),
          WORKER_INTERVAL_MS: "200",
          // Anything the worker would send to Shopify fails at once, locally.
          SHOPIFY_EMULATOR_URL: "http://127.0.0.1:9",
        },
        stdio: "pipe",
      },
    );
    worker.stdout.on("data", (chunk: Buffer) => (output += chunk));
    worker.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) =>
      worker.once("exit", (code) => resolve(code)),
    );

    try {
      await eventually(async () => {
        const row = await prisma.webhookInbox.findFirstOrThrow({
          where: { shopDomain: SHOP, eventId: "worker-event-1" },
        });
        expect(row.status, output).toBe("processed");
      }, 60_000);
      await eventually(async () => {
        const job = await prisma.outboxJob.findUniqueOrThrow({
          where: { id: jobId! },
        });
        expect(job.status, output).toBe("done");
      }, 30_000);
      const award = await prisma.ledgerEntry.findFirst({
        where: { shopDomain: SHOP, kind: "order_award" },
      });
      expect(award?.points).toBe(111);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGTERM");
    }

    expect(await exited).toBe(0);
    expect(output).toContain(
      "[worker] SIGTERM: finishing the work in progress",
    );
    expect(output).toContain("[worker] stopped");
    await expectLedgerConsistent(prisma);
  });
});
