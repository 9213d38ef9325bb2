import { type z } from "zod";

import * as clock from "~/clock.server";
import {
  type Campaign,
  type CampaignInput,
  CampaignInputSchema,
} from "~/loyalty/campaigns";
import {
  type EarningRule,
  type EarningRuleInput,
  EarningRuleInputSchema,
  findRuleConflicts,
  type RuleConflict,
} from "~/loyalty/earning-rules";
import {
  createCampaign,
  createEarningRule,
  deleteCampaign,
  deleteEarningRule,
  findEarningRule,
  listCampaigns,
  listEarningRules,
  setEarningRuleActive,
  updateCampaign,
  updateEarningRule,
} from "~/models/earning-rules.server";
import { saveProgramSettingsIfAny } from "~/models/program.server";
import { findShopEarningSettings, findShopLocales } from "~/models/shop.server";
import { enqueueOutboxJob } from "~/models/outbox.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";

/**
 * The merchant's ways to earn and campaigns, as the admin edits them. Saving validates with the
 * pure core's schemas; editing or deleting a rule never touches what was already awarded (awards
 * carry their own snapshot; deletion is soft).
 */

export interface WaysToEarn {
  rules: EarningRule[];
  campaigns: Campaign[];
  conflicts: RuleConflict[];
  /** The shop's primary language: what a reader whose language has no name reads (ADR 0015). */
  primaryLocale: string;
}

export async function listWaysToEarn(shop: string): Promise<WaysToEarn> {
  const rules = (await listEarningRules(database, shop)).map(
    (stored) => stored.rule,
  );
  return {
    rules,
    campaigns: await listCampaigns(database, shop),
    conflicts: findRuleConflicts(rules),
    primaryLocale: (await findShopLocales(database, shop)).primaryLocale,
  };
}

export function getEarningRule(
  shop: string,
  id: string,
): Promise<EarningRule | null> {
  return findEarningRule(database, shop, id);
}

export type FieldErrors = Record<string, string>;

export type SaveResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: FieldErrors }
  | { ok: false; notFound: true };

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Creates (id null) or replaces a rule. The first "place an order" rule's rate is also the program's headline rate. */
export async function saveEarningRule(
  shop: string,
  id: string | null,
  raw: unknown,
  now = clock.now(),
): Promise<SaveResult<EarningRule>> {
  const parsed = EarningRuleInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  return inTransaction(async (tx) => {
    const rule =
      id === null
        ? await createEarningRule(tx, shop, parsed.data, now)
        : await updateEarningRule(tx, shop, id, parsed.data);
    if (!rule) return { ok: false, notFound: true } as const;
    await syncProgramRate(tx, shop);
    if (rule.type === "birthday" && rule.enabled)
      await startBirthdaySweep(tx, shop, now);
    return { ok: true, value: rule } as const;
  });
}

export async function switchEarningRule(
  shop: string,
  id: string,
  active: boolean,
  now = clock.now(),
): Promise<boolean> {
  return inTransaction(async (tx) => {
    const done = await setEarningRuleActive(tx, shop, id, active);
    if (done) await syncProgramRate(tx, shop);
    if (
      done &&
      active &&
      (await findEarningRule(tx, shop, id))?.type === "birthday"
    )
      await startBirthdaySweep(tx, shop, now);
    return done;
  });
}

export async function removeEarningRule(
  shop: string,
  id: string,
  now = clock.now(),
): Promise<boolean> {
  return inTransaction(async (tx) => {
    const done = await deleteEarningRule(tx, shop, id, now);
    if (done) await syncProgramRate(tx, shop);
    return done;
  });
}

/** The dashboard's program card shows the program rate: keep it equal to the first order rule's. */
async function syncProgramRate(tx: Tx, shop: string): Promise<void> {
  const first = (await listEarningRules(tx, shop)).find(
    (stored) => stored.rule.type === "place_order" && stored.rule.enabled,
  );
  if (!first || first.rule.type !== "place_order") return;
  await saveProgramSettingsIfAny(tx, shop, {
    earnPoints: first.rule.earnPoints,
    earnPerAmount: first.rule.earnPerAmount,
  });
}

/**
 * The daily birthday sweep runs while the shop has a birthday rule: started when one is saved or
 * switched on (coalesced: at most one waiting), and each run queues the next while a rule is on.
 */
async function startBirthdaySweep(
  tx: Tx,
  shop: string,
  now: Date,
): Promise<void> {
  await enqueueOutboxJob(
    tx,
    {
      shopDomain: shop,
      kind: "award_birthdays",
      payload: {},
      coalesceKey: `award_birthdays:${shop}`,
    },
    now,
  );
}

export async function saveCampaign(
  shop: string,
  id: string | null,
  raw: unknown,
  now = clock.now(),
): Promise<SaveResult<CampaignInput>> {
  const parsed = CampaignInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  if (id === null) {
    await createCampaign(database, shop, parsed.data, now);
    return { ok: true, value: parsed.data };
  }
  return (await updateCampaign(database, shop, id, parsed.data))
    ? { ok: true, value: parsed.data }
    : { ok: false, notFound: true };
}

export function removeCampaign(
  shop: string,
  id: string,
  now = clock.now(),
): Promise<boolean> {
  return deleteCampaign(database, shop, id, now);
}

/** What an award needs to know about the shop: its rules, campaigns and time zone. */
export interface EarningContext {
  rules: EarningRule[];
  campaigns: Campaign[];
  timeZone: string;
  /** The program switch (ADR 0013): off, no way to earn awards anything. */
  programActive: boolean;
}

/**
 * `rules`: the shop's rules when the caller has just read them (an order reads them once, to know
 * whether it needs product facts from Shopify, and awards by the same ones).
 */
export async function loadEarningContext(
  db: Tx,
  shop: string,
  /** Already read by the caller, in the same transaction: not read again. */
  known: {
    rules?: EarningRule[];
    settings?: { timeZone: string; programActive: boolean };
  } = {},
): Promise<EarningContext> {
  // One after the other: inside an interactive transaction the queries share one connection anyway.
  const ruleList =
    known.rules ??
    (await listEarningRules(db, shop)).map((stored) => stored.rule);
  const campaigns = await listCampaigns(db, shop);
  const { timeZone, programActive } =
    known.settings ?? (await findShopEarningSettings(db, shop));
  return { rules: ruleList, campaigns, timeZone, programActive };
}

export type { EarningRuleInput };
