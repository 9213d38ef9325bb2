import { randomUUID } from "node:crypto";
import os from "node:os";

import * as clock from "~/clock.server";
import { databaseTakesParallelWriters } from "~/models/row-locks.server";
import {
  retriesExhausted,
  retryDelayMs,
  type RetryPolicy,
} from "~/loyalty/retry-policy";
import { undoIfThrows } from "~/models/savepoint.server";
import {
  database,
  forbidNetworkInTransaction,
  inTransaction,
  NetworkInsideTransactionError,
  outsideTransaction,
} from "~/models/transaction.server";
import {
  claimDueWebhooks,
  listUnkeyedWebhooks,
  markWebhookFailed,
  markWebhookProcessed,
  pruneProcessedWebhooks,
  renewWebhookLeases,
  scheduleWebhookRetry,
  setWebhookOrderingKey,
  storeVerifiedWebhook,
  type ClaimedWebhook,
} from "~/models/webhook-inbox.server";
import { authenticate, whileReceivingWebhook } from "~/shopify.server";
import {
  webhookHandlerFor,
  type WebhookHandlerLookup,
} from "~/webhooks/handlers/index.server";
import { ordersPaid } from "~/webhooks/handlers/orders-paid.server";
import { processPaidOrdersTogether } from "~/webhooks/paid-orders-together.server";
import { processVerifiedWebhook } from "~/webhooks/receive-webhook.server";
import { type VerifiedWebhook } from "~/webhooks/verified-webhook";

/**
 * The webhook inbox (docs/decisions/0004-webhook-inbox.md, 0022-verified-webhook-inbox.md). At
 * the door: the real authenticate.webhook verifies the HMAC, the verified event is stored
 * (deduplicated by Shopify's event id), and Shopify gets its 200 at once. Behind it: drains, in
 * this process or in others on the same database, claim stored events with a short lease and
 * hand each to its topic's handler; never verified again, never replayed over HTTP. Nothing is
 * acknowledged before it is stored, so nothing is lost.
 */

export type HandleRequest = (request: Request) => Promise<Response>;

/** Transient failures (the database, a service) are retried by the one policy (ADR 0021). */
export const INBOX_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  maxAttempts: 10,
};
const KEEP_PROCESSED_MS = 7 * 24 * 60 * 60_000;
/**
 * How long a claim holds without news from its holder. The heartbeat renews it every third of
 * that while the work runs, so only a holder that died (SIGKILL, a lost machine) lets it run out,
 * and its webhooks are taken again within this, not minutes later.
 */
export const WEBHOOK_LEASE_MS = 15_000;
/**
 * Events processed at once by one drain on PostgreSQL. They are independent (distinct ordering
 * keys) and their round trips overlap. SQLite processes batches one after the other instead.
 */
const DEFAULT_CONCURRENCY = 16;
/**
 * Webhooks one claim takes on PostgreSQL when paid orders are processed together: the batch
 * statements cost about the same for 16 orders as for 64 (ADR 0029, "Paid orders in batches").
 */
const TOGETHER_CLAIM = 64;
/**
 * Claim-and-process loops one drain runs at once on PostgreSQL: while one waits on the database
 * the other works. Measured on the 2-core machine (ADR 0029): 1 loop leaves one instance below its
 * door, 3 or 4 make two instances' batches wait on each other's members more than they gain.
 */
const TOGETHER_LOOPS = 2;

/** Who holds a claim: this process, and a draw so two drains in one process are told apart. */
export function newClaimer(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Stores one verified webhook, whichever door proved its origin (HTTPS HMAC or Pub/Sub OIDC), and
 * wakes the drain. "duplicate": this event (shop, topic, event id) is already in the inbox.
 */
export async function acceptVerifiedWebhook(
  event: VerifiedWebhook,
  now: Date,
): Promise<"stored" | "duplicate"> {
  return storeAndWake(event, now, parsedOrNull(event.body));
}

function parsedOrNull(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

async function storeAndWake(
  event: VerifiedWebhook,
  now: Date,
  payload: unknown,
): Promise<"stored" | "duplicate"> {
  const outcome = await storeVerifiedWebhook(
    { event, orderingKey: orderingKeyOf(event.topic, payload) },
    now,
  );
  if (outcome === "stored") kickWebhookInbox();
  return outcome;
}

function orderingKeyOf(topic: string, payload: unknown): string | null {
  return webhookHandlerFor(topic)?.orderingKeyOf?.(payload) ?? null;
}

/**
 * Verifies and stores one HTTPS webhook delivery. A request the library refuses (forged or missing
 * HMAC: 401) is answered as it says; anything else it cannot take (a body that is not JSON, a
 * shop header that is no shop) goes to `handleNow`, the app's route, which logs and rejects it
 * with a 200: never a 5xx loop, never a ledger change.
 */
export async function acceptWebhook(
  request: Request,
  handleNow: HandleRequest,
  rawBody?: string,
): Promise<Response> {
  // The library reads the body itself; keep the exact text for the inbox without a second copy of
  // the request when the server already has it.
  const body = rawBody ?? (await request.clone().text());
  let context: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    context = await whileReceivingWebhook(() => authenticate.webhook(request));
  } catch (error) {
    if (error instanceof Response) return error;
    return handleNow(
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body,
      }),
    );
  }
  await storeAndWake(
    {
      shopDomain: context.shop,
      // The header as Shopify sent it ("orders/paid"); the library's context.topic is "ORDERS_PAID".
      topic: request.headers.get("x-shopify-topic") ?? String(context.topic),
      eventId: context.eventId || context.webhookId,
      webhookId: context.webhookId,
      apiVersion: context.apiVersion,
      triggeredAt: request.headers.get("x-shopify-triggered-at"),
      body,
    },
    clock.now(),
    context.payload,
  );
  return new Response(null, { status: 200 });
}

type Outcome = "processed" | "retried" | "failed";

/**
 * One claimed webhook: its handler's work and its row marked processed, or a retry scheduled.
 * In a batch (`inBatch`), both run in a savepoint of the batch's transaction, so a failure undoes
 * only this webhook's writes; one that needs the network answers "alone" (processed after).
 */
async function processClaimedWebhook(
  claimed: ClaimedWebhook,
  handlers: WebhookHandlerLookup,
  now: () => Date,
  inBatch = false,
): Promise<Outcome | "alone"> {
  const { event } = claimed;
  const about = `webhook ${event.webhookId} (${event.topic}, ${event.shopDomain})`;
  const handler = handlers(event.topic);
  if (!handler) {
    // A topic subscribed in shopify.app.toml without a handler here: retrying will not help.
    console.error(`${about} failed for good: no handler for this topic`);
    await markWebhookFailed(claimed.id, {
      lastError: `no handler for topic ${event.topic}`,
    });
    return "failed";
  }
  const work = async () => {
    const outcome = await processVerifiedWebhook(event, handler, now());
    await markWebhookProcessed(claimed.id, outcome, now());
  };
  try {
    // In a batch: a savepoint of its transaction (the batch is always open on the `database`).
    await (inBatch ? undoIfThrows(database, work) : work());
    return "processed";
  } catch (error) {
    if (inBatch && error instanceof NetworkInsideTransactionError)
      return "alone";
    const lastError = error instanceof Error ? error.message : String(error);
    const attempts = claimed.attempts + 1;
    if (retriesExhausted(INBOX_RETRY_POLICY, attempts)) {
      console.error(`${about} failed for good: ${lastError}`);
      await markWebhookFailed(claimed.id, { lastError });
      return "failed";
    }
    console.warn(`${about} will be retried: ${lastError}`);
    await scheduleWebhookRetry(claimed.id, {
      lastError,
      nextAttemptAt: new Date(
        now().getTime() +
          retryDelayMs(INBOX_RETRY_POLICY, attempts, Math.random()),
      ),
    });
    return "retried";
  }
}

/**
 * Webhooks processed together in one transaction on SQLite (ADR 0029): its one writer runs
 * transactions one at a time anyway, and a commit and a transaction's start cost more than most
 * of the statements in between. Each webhook runs in a savepoint of it.
 */
const BATCH_SIZE = 32;

/**
 * One claimed batch in one transaction; what needs the network (a rule that reads products
 * from Shopify) is processed alone after it, outside any transaction. If the batch's
 * transaction itself fails (its commit), nothing of it stays and each webhook is processed alone.
 */
async function processBatch(
  batch: ClaimedWebhook[],
  handlers: WebhookHandlerLookup,
  now: () => Date,
): Promise<Outcome[]> {
  let outcomes: (Outcome | "alone")[] = [];
  try {
    // The write lock from BEGIN: another process writing between the batch's first read and its
    // first write would otherwise make SQLite refuse the batch's writes (a stale snapshot).
    await inTransaction(
      async () => {
        forbidNetworkInTransaction();
        outcomes = [];
        for (const claimed of batch)
          outcomes.push(
            await processClaimedWebhook(claimed, handlers, now, true),
          );
      },
      { writeLock: true },
    );
  } catch (error) {
    console.warn("webhook inbox: a batch failed, each webhook alone", error);
    outcomes = batch.map(() => "alone");
  }
  const settled: Outcome[] = [];
  for (const [i, outcome] of outcomes.entries())
    settled.push(
      outcome === "alone"
        ? ((await processClaimedWebhook(batch[i], handlers, now)) as Outcome)
        : outcome,
    );
  return settled;
}

export interface DrainOptions {
  /**
   * Batches (the default), or every event one by one through its handler. On SQLite a batch is
   * one transaction of events processed one after the other. On PostgreSQL a claim's paid orders
   * are processed together, set-based, and the rest one by one in transactions of their own,
   * `concurrency` at once.
   */
  batch?: boolean;
  /** Events processed at once (each of a different ordering key), when not in batches. */
  concurrency?: number;
  now?: () => Date;
  /** Who holds the claims (a fresh one per call by default). */
  claimer?: string;
  leaseMs?: number;
  /** The handler of a topic (the app's handlers by default). */
  handlers?: WebhookHandlerLookup;
}

/**
 * Processes every due webhook, oldest first, `concurrency` at a time, until none is left to
 * claim. Safe to run in several processes (and several times in one) on the same database: each
 * row is claimed by one drain, and an order's events one after the other.
 */
export async function drainWebhookInbox(options: DrainOptions = {}) {
  const now = options.now ?? clock.systemClock;
  const claimer = options.claimer ?? newClaimer();
  const leaseMs = options.leaseMs ?? WEBHOOK_LEASE_MS;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const handlers = options.handlers ?? webhookHandlerFor;
  /** `batched`: of those processed, how many were paid orders processed together (PostgreSQL). */
  const totals = { processed: 0, retried: 0, failed: 0, batched: 0 };
  const held = new Set<string>();
  const queue: ClaimedWebhook[] = [];

  const heartbeat = setInterval(() => {
    renewWebhookLeases(
      claimer,
      [...held],
      new Date(now().getTime() + leaseMs),
    ).catch((error: unknown) =>
      console.error("webhook inbox lease renewal failed", error),
    );
  }, leaseMs / 3);
  heartbeat.unref();

  // One claim at a time per drain; workers waiting for work share it. Claims take twice the
  // concurrency so a worker finds its next event queued.
  let claiming: Promise<void> | null = null;
  const refill = () =>
    (claiming ??= (async () => {
      try {
        const claimed = await claimDueWebhooks(
          {
            claimer,
            limit: Math.max(1, 2 * concurrency - held.size),
            leaseUntil: new Date(now().getTime() + leaseMs),
          },
          now(),
        );
        for (const row of claimed) {
          held.add(row.id);
          queue.push(row);
        }
      } finally {
        claiming = null;
      }
    })());

  const work = async () => {
    for (;;) {
      if (queue.length === 0) await refill();
      const next = queue.shift();
      // Nothing left to claim now. Another worker still busy claims again when it finishes: what
      // its event held back (the next event of the same order) is not left behind.
      if (!next) return;
      try {
        totals[(await processClaimedWebhook(next, handlers, now)) as Outcome] +=
          1;
      } finally {
        held.delete(next.id);
      }
    }
  };

  // Batches, one after the other (ADR 0029). No heartbeat runs while one is open (it holds the
  // process's connection), and none is needed: its transaction holds SQLite's write lock from
  // BEGIN, so no other process claims, nor writes, until it has committed.
  const batches = async () => {
    for (;;) {
      const claimed = await claimDueWebhooks(
        {
          claimer,
          limit: BATCH_SIZE,
          leaseUntil: new Date(now().getTime() + leaseMs),
        },
        now(),
      );
      if (claimed.length === 0) return;
      for (const row of claimed) held.add(row.id);
      try {
        for (const outcome of await processBatch(claimed, handlers, now))
          totals[outcome] += 1;
      } finally {
        held.clear();
      }
    }
  };

  // PostgreSQL (ADR 0029, "Paid orders in batches"): a few loops, each claiming a batch, processing
  // its paid orders together and the rest one by one, `concurrency` at once, then claiming again.
  // While one loop waits on the database, another works; the events a loop held back (the next
  // event of an order) are claimed by its next claim.
  const together = async () => {
    for (;;) {
      const claimed = await claimDueWebhooks(
        {
          claimer,
          limit: TOGETHER_CLAIM,
          leaseUntil: new Date(now().getTime() + leaseMs),
        },
        now(),
      );
      if (claimed.length === 0) return;
      for (const row of claimed) held.add(row.id);
      const done = await processPaidOrdersTogether(claimed, now()).catch(
        (error: unknown) => {
          console.warn("webhook inbox: paid orders together failed", error);
          return new Set<string>();
        },
      );
      totals.processed += done.size;
      totals.batched += done.size;
      for (const id of done) held.delete(id);
      const rest = claimed.filter((row) => !done.has(row.id));
      await Promise.all(
        Array.from({ length: Math.min(concurrency, rest.length) }, async () => {
          for (let next = rest.shift(); next; next = rest.shift()) {
            try {
              totals[
                (await processClaimedWebhook(next, handlers, now)) as Outcome
              ] += 1;
            } finally {
              held.delete(next.id);
            }
          }
        }),
      );
    }
  };

  try {
    // Batches are SQLite's: there, every statement of the process joins the batch's transaction.
    if ((options.batch ?? true) && !databaseTakesParallelWriters)
      await batches();
    else if (
      (options.batch ?? true) &&
      handlers(ordersPaid.topic) === ordersPaid
    )
      await Promise.all(
        // `concurrency: 1` processes one event at a time: one loop.
        Array.from({ length: Math.min(TOGETHER_LOOPS, concurrency) }, together),
      );
    else await Promise.all(Array.from({ length: concurrency }, work));
  } finally {
    clearInterval(heartbeat);
  }
  return totals;
}

/**
 * Replay rows (stored before ADR 0022, or by an instance not yet upgraded during a rolling
 * deploy) get their ordering key from their body, so they too wait for their order's earlier
 * events. Until then they are processed, unordered.
 */
export async function keyReplayWebhooks(): Promise<number> {
  let keyed = 0;
  for (;;) {
    const rows = await listUnkeyedWebhooks(100);
    if (rows.length === 0) return keyed;
    for (const row of rows) {
      await setWebhookOrderingKey(
        row.id,
        orderingKeyOf(row.topic, parsedOrNull(row.body)) ?? `event:${row.id}`,
      );
      keyed += 1;
    }
  }
}

let started = false;
let concurrency: number | undefined;
let draining: Promise<unknown> | null = null;
let pendingKick = false;
let timer: NodeJS.Timeout | null = null;

export function kickWebhookInbox(): void {
  if (!started) return;
  if (draining) {
    pendingKick = true;
    return;
  }
  // Not part of a transaction the caller may have open: the drain's statements take their turn.
  draining = outsideTransaction(() => drainWebhookInbox({ concurrency }))
    .catch((error: unknown) =>
      console.error("webhook inbox drain failed", error),
    )
    .finally(() => {
      draining = null;
      if (pendingKick) {
        pendingKick = false;
        kickWebhookInbox();
      }
    });
}

interface StartOptions {
  intervalMs?: number;
  /** Events one drain processes at once (DrainOptions.concurrency). */
  concurrency?: number;
}

/**
 * Starts processing the inbox in this process: on every stored webhook, and every few seconds
 * for retries, for rows stored by other instances and for rows whose holder died.
 */
export function startWebhookInbox(options: StartOptions = {}): void {
  concurrency = options.concurrency;
  started = true;
  if (timer) return;
  let lastPrune = -Infinity;
  timer = setInterval(() => {
    kickWebhookInbox();
    if (performance.now() - lastPrune > 60 * 60_000) {
      lastPrune = performance.now();
      pruneProcessedWebhooks(
        new Date(clock.now().getTime() - KEEP_PROCESSED_MS),
      ).catch(() => undefined);
    }
  }, options.intervalMs ?? 2_000);
  timer.unref();
  keyReplayWebhooks()
    .catch((error: unknown) =>
      console.error("webhook inbox: keying replay rows failed", error),
    )
    .finally(kickWebhookInbox);
}

export async function stopWebhookInbox(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = null;
  started = false;
  await draining;
}
