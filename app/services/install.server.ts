import * as clock from "~/clock.server";
import { ensureDefaultOrderRule } from "~/models/earning-rules.server";
import { listMirroredMemberIds } from "~/models/member.server";
import { enqueueMemberMirror, enqueueOutboxJob } from "~/models/outbox.server";
import { createDefaultProgram } from "~/models/program.server";
import { upsertInstalledShop } from "~/models/shop.server";
import { inTransaction } from "~/models/transaction.server";

export interface InstallSummary {
  outcome: "installed" | "reinstalled" | "already_installed";
}

/**
 * Runs after every token exchange (afterAuth), so it must be idempotent: creates the shop and
 * its default program (active, 1 point per 1 unit) on first install, clears `uninstalledAt` on
 * a reinstall, and queues the Shopify side (metafield definitions, shop name, currency, time
 * zone and languages) for the worker: no network call inside the transaction.
 */
export async function installShop(
  shopDomain: string,
  now = clock.now(),
): Promise<InstallSummary> {
  return inTransaction(async (tx) => {
    const { change } = await upsertInstalledShop(tx, shopDomain, now);
    const program = await createDefaultProgram(tx, shopDomain);
    // The program's rate as the default "place an order" rule (once: a deleted one stays deleted).
    await ensureDefaultOrderRule(tx, shopDomain, program, now);
    await enqueueOutboxJob(
      tx,
      {
        shopDomain,
        kind: "ensure_metafield_definitions",
        payload: {},
        coalesceKey: `ensure_metafield_definitions:${shopDomain}`,
      },
      now,
    );
    await enqueueOutboxJob(
      tx,
      {
        shopDomain,
        kind: "sync_shop_profile",
        payload: {},
        coalesceKey: `sync_shop_profile:${shopDomain}`,
      },
      now,
    );
    if (change === "reinstalled") {
      // App-owned metafields may have been cleaned up while the app was away: write every balance back.
      for (const memberId of await listMirroredMemberIds(tx, shopDomain))
        await enqueueMemberMirror(tx, shopDomain, memberId, now);
    }
    return { outcome: change === "unchanged" ? "already_installed" : change };
  });
}
