import {
  type Campaign as CampaignRow,
  type EarningRule as EarningRuleRow,
  Prisma,
} from "@prisma/client";

import {
  type Campaign,
  type CampaignInput,
  multiplierHundredths,
} from "~/loyalty/campaigns";
import { type PreviousAward } from "~/loyalty/limits";
import {
  type EarningRule,
  type EarningRuleInput,
  EarningRuleInputSchema,
  PlaceOrderRuleInputSchema,
} from "~/loyalty/earning-rules";
import { newId } from "~/models/ids.server";
import { allColumns, sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/**
 * Persistence for the merchant's ways to earn and campaigns. A rule's `config` is the validated
 * EarningRuleInput; the `active` column is its on/off switch (the config's `enabled` is kept equal
 * to it). Deleting is soft (`deletedAt`): awards keep their own snapshot and per-rule award rows.
 */

export interface StoredEarningRule {
  rule: EarningRule;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Each stored config text read and checked once per process: the rules are read for every paid
 * order, and checking a config costs more than reading it. A copy for each caller.
 */
const checkedConfigs = new Map<string, EarningRuleInput>();
const MAX_CHECKED_CONFIGS = 1_000;

function checkedConfig(config: string): EarningRuleInput {
  let input = checkedConfigs.get(config);
  if (!input) {
    input = EarningRuleInputSchema.parse(JSON.parse(config));
    if (checkedConfigs.size >= MAX_CHECKED_CONFIGS) checkedConfigs.clear();
    checkedConfigs.set(config, input);
  }
  return structuredClone(input);
}

export function toEarningRule(row: EarningRuleRow): EarningRule {
  return { ...checkedConfig(row.config), enabled: row.active, id: row.id };
}

/** The shop's rules that are not deleted, in the merchant's order (position, then creation). */
export async function listEarningRules(
  db: Tx,
  shopDomain: string,
): Promise<StoredEarningRule[]> {
  // Raw SQL: this runs on every paid order, and each Prisma model query costs about a millisecond of planning.
  const rows = (
    await sqlRows<EarningRuleRow>(
      db,
      Prisma.sql`
      SELECT ${allColumns(Prisma.EarningRuleScalarFieldEnum)} FROM "EarningRule" WHERE "shopDomain" = ${shopDomain} AND "deletedAt" IS NULL
      ORDER BY "position", "createdAt", "id"`,
    )
  ).map((row) => ({
    ...row,
    active: Boolean(row.active),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  }));
  return rows.map((row) => ({
    rule: toEarningRule(row),
    position: row.position,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

export async function findEarningRule(
  db: Tx,
  shopDomain: string,
  id: string,
): Promise<EarningRule | null> {
  const row = await db.earningRule.findFirst({
    where: { id, shopDomain, deletedAt: null },
  });
  return row ? toEarningRule(row) : null;
}

export async function createEarningRule(
  db: Tx,
  shopDomain: string,
  input: EarningRuleInput,
  now: Date,
): Promise<EarningRule> {
  const last = await db.earningRule.findFirst({
    where: { shopDomain },
    orderBy: { position: "desc" },
    select: { position: true },
  });
  const row = await db.earningRule.create({
    data: {
      id: newId(now.getTime()),
      shopDomain,
      type: input.type,
      config: JSON.stringify(input),
      active: input.enabled,
      position: (last?.position ?? -1) + 1,
      createdAt: now,
      updatedAt: now,
    },
  });
  return toEarningRule(row);
}

/** Replaces a rule's settings; its type never changes (a different way to earn is a new rule). */
export async function updateEarningRule(
  db: Tx,
  shopDomain: string,
  id: string,
  input: EarningRuleInput,
): Promise<EarningRule | null> {
  const { count } = await db.earningRule.updateMany({
    where: { id, shopDomain, deletedAt: null, type: input.type },
    data: { config: JSON.stringify(input), active: input.enabled },
  });
  return count === 1 ? findEarningRule(db, shopDomain, id) : null;
}

export async function setEarningRuleActive(
  db: Tx,
  shopDomain: string,
  id: string,
  active: boolean,
): Promise<boolean> {
  const row = await db.earningRule.findFirst({
    where: { id, shopDomain, deletedAt: null },
  });
  if (!row) return false;
  const config = {
    ...(JSON.parse(row.config) as Record<string, unknown>),
    enabled: active,
  };
  await db.earningRule.update({
    where: { id },
    data: { active, config: JSON.stringify(config) },
  });
  return true;
}

export async function deleteEarningRule(
  db: Tx,
  shopDomain: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const { count } = await db.earningRule.updateMany({
    where: { id, shopDomain, deletedAt: null },
    data: { deletedAt: now, active: false },
  });
  return count === 1;
}

/**
 * The default "place an order" rule, from the program's rate: the same points the foundation's
 * program gave (merchandise after discounts, rounded down, when paid). Created once: a merchant
 * who deleted it does not get it back on the next install. It has no typed name: until the merchant
 * names it, it reads as its type in the reader's language (app/i18n/earning-rule-name.ts).
 */
export async function ensureDefaultOrderRule(
  tx: Tx,
  shopDomain: string,
  rate: { earnPoints: number; earnPerAmount: number },
  now: Date,
): Promise<void> {
  const any = await tx.earningRule.findFirst({
    where: { shopDomain, type: "place_order" },
    select: { id: true },
  });
  if (any) return;
  const input = PlaceOrderRuleInputSchema.parse({
    type: "place_order",
    name: "",
    earnPoints: rate.earnPoints,
    earnPerAmount: rate.earnPerAmount,
  });
  await createEarningRule(tx, shopDomain, input, now);
}

// ---------------------------------------------------------------------------------------------
// Campaigns

/**
 * A campaign's per-language names live inside its `appliesTo` JSON column (ADR 0015: no schema
 * change, so no table rebuild under other migrations); rows written before have none.
 */
export function toCampaign(row: CampaignRow): Campaign {
  const { nameTranslations, ...appliesTo } = JSON.parse(
    row.appliesTo,
  ) as Campaign["appliesTo"] & { nameTranslations?: Record<string, string> };
  return {
    id: row.id,
    name: row.name,
    ...(nameTranslations ? { nameTranslations } : {}),
    multiplier: row.multiplierHundredths / 100,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    appliesTo,
    enabled: row.active,
  };
}

export async function listCampaigns(
  db: Tx,
  shopDomain: string,
): Promise<Campaign[]> {
  const rows = await sqlRows<CampaignRow>(
    db,
    Prisma.sql`
    SELECT ${allColumns(Prisma.CampaignScalarFieldEnum)} FROM "Campaign" WHERE "shopDomain" = ${shopDomain} AND "deletedAt" IS NULL ORDER BY "startsAt" DESC, "id"`,
  );
  return rows.map((row) =>
    toCampaign({
      ...row,
      active: Boolean(row.active),
      startsAt: new Date(row.startsAt),
      endsAt: new Date(row.endsAt),
      multiplierHundredths: Number(row.multiplierHundredths),
    }),
  );
}

function campaignData(input: CampaignInput) {
  return {
    name: input.name,
    multiplierHundredths: multiplierHundredths(input.multiplier),
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    appliesTo: JSON.stringify({
      ...input.appliesTo,
      ...(input.nameTranslations
        ? { nameTranslations: input.nameTranslations }
        : {}),
    }),
    active: input.enabled,
  };
}

export async function createCampaign(
  db: Tx,
  shopDomain: string,
  input: CampaignInput,
  now: Date,
): Promise<Campaign> {
  return toCampaign(
    await db.campaign.create({
      data: {
        id: newId(now.getTime()),
        shopDomain,
        ...campaignData(input),
        createdAt: now,
        updatedAt: now,
      },
    }),
  );
}

export async function updateCampaign(
  db: Tx,
  shopDomain: string,
  id: string,
  input: CampaignInput,
): Promise<boolean> {
  const { count } = await db.campaign.updateMany({
    where: { id, shopDomain, deletedAt: null },
    data: campaignData(input),
  });
  return count === 1;
}

export async function deleteCampaign(
  db: Tx,
  shopDomain: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const { count } = await db.campaign.updateMany({
    where: { id, shopDomain, deletedAt: null },
    data: { deletedAt: now, active: false },
  });
  return count === 1;
}

// ---------------------------------------------------------------------------------------------
// Per-rule awards: what limits count

export async function listRuleAwards(
  db: Tx,
  ruleId: string,
  memberId: string,
): Promise<PreviousAward[]> {
  const rows = await db.ruleAward.findMany({
    where: { ruleId, memberId },
    select: { awardedAt: true, points: true },
  });
  return rows.map((row) => ({ at: row.awardedAt, points: row.points }));
}

export async function recordRuleAward(
  tx: Tx,
  award: {
    shopDomain: string;
    ruleId: string;
    memberId: string;
    points: number;
    sourceType: string;
    sourceId: string;
    awardedAt: Date;
  },
): Promise<void> {
  // Raw SQL: one per order awarded (docs/decisions/0029-direct-sql-on-the-hot-path.md).
  await sqlExecute(
    tx,
    Prisma.sql`INSERT INTO "RuleAward" ("id", "shopDomain", "ruleId", "memberId", "points", "sourceType", "sourceId", "awardedAt")
      VALUES (${newId(award.awardedAt.getTime())}, ${award.shopDomain}, ${award.ruleId}, ${award.memberId}, ${award.points},
        ${award.sourceType}, ${award.sourceId}, ${award.awardedAt})
      ON CONFLICT ("ruleId", "sourceType", "sourceId") DO NOTHING`,
  );
}
