import { type CodePoolFile, type Reward as RewardRow } from "@prisma/client";

import * as clock from "~/clock.server";
import {
  type CodePoolLineError,
  parseCodePoolCsv,
} from "~/loyalty/code-pool-csv";
import {
  pointsCostFor,
  type Reward,
  RewardInputSchema,
  type RewardValidationError,
  validateReward,
} from "~/loyalty/rewards";
import {
  deletePoolWithoutAssignedCodes,
  addCodePoolFile,
  countPoolCodesByFile,
  countUnusedPoolCodes as countFreeCodesInPool,
  deleteFreePoolCodes,
  listCodePoolFileRows,
  listShopPoolCodes,
} from "~/models/code-pool.server";
import {
  archiveRewardRow,
  countRewardRedemptions,
  createRewardRow,
  deleteRewardRow,
  findShopReward,
  getReward,
  listCatalogue,
  restoreArchivedReward,
  updateRewardRow,
} from "~/models/reward.server";
import { deleteRewardImage } from "~/models/reward-image.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";

/**
 * The reward catalogue and its code pools (issue 4). A reward is validated once here
 * (`validateReward`); `Reward.config` keeps the validated reward and the columns beside it are
 * copies for lists and for the redemption transaction's checks. Editing a reward never touches
 * redemptions: each keeps its own frozen snapshot.
 */

export type SaveRewardResult =
  | { outcome: "saved"; reward: RewardRow }
  | { outcome: "invalid"; errors: RewardValidationError[] }
  | { outcome: "not_found" };

/** The columns written from a validated reward. */
function columnsOf(reward: Reward) {
  return {
    type: reward.type,
    name: JSON.stringify(reward.name),
    description: JSON.stringify(reward.description),
    image: JSON.stringify(reward.image),
    config: JSON.stringify(reward),
    appliesTo: JSON.stringify(reward.appliesTo),
    minimumSubtotal:
      reward.minimumSubtotal === null ? null : String(reward.minimumSubtotal),
    combinesWith: JSON.stringify(reward.combinesWith),
    codeValidityDays: reward.codeValidityDays,
    refundPointsOnExpiry: reward.refundPointsOnExpiry,
    limitPerCustomer: reward.limitPerCustomer,
    stock: reward.stock,
    active: reward.active,
    tierRules: JSON.stringify({
      visibleToTiers: reward.visibleToTiers,
      tierCosts: reward.tierCosts,
    }),
    pointsCost: pointsCostFor(reward, null),
    poolId: reward.type === "code_pool" ? reward.poolId : null,
  };
}

/** The validated reward stored in a row. */
export function rewardOf(row: Pick<RewardRow, "config">): Reward {
  return RewardInputSchema.parse(JSON.parse(row.config));
}

/** Adds a reward to the catalogue (`oneOff`: a reward made for one gift, never listed). */
export async function createReward(
  shopDomain: string,
  input: unknown,
  options: { oneOff?: boolean; db?: Tx } = {},
): Promise<SaveRewardResult> {
  const validation = validateReward(input);
  if (!validation.ok) return { outcome: "invalid", errors: validation.errors };
  const reward = await createRewardRow(
    options.db ?? database,
    shopDomain,
    columnsOf(validation.reward),
    options.oneOff ?? false,
  );
  return { outcome: "saved", reward };
}

/** Changes a reward for future redemptions only. */
export async function updateReward(
  shopDomain: string,
  rewardId: string,
  input: unknown,
): Promise<SaveRewardResult> {
  const validation = validateReward(input);
  if (!validation.ok) return { outcome: "invalid", errors: validation.errors };
  if (
    !(await updateRewardRow(
      database,
      shopDomain,
      rewardId,
      columnsOf(validation.reward),
    ))
  )
    return { outcome: "not_found" };
  return { outcome: "saved", reward: await getReward(database, rewardId) };
}

/** Removes a reward from the catalogue; its past redemptions stay as they were. */
export async function archiveReward(
  shopDomain: string,
  rewardId: string,
  now = clock.now(),
): Promise<boolean> {
  return archiveRewardRow(database, rewardId, now, shopDomain);
}

export function findReward(
  shopDomain: string,
  rewardId: string,
  db: Tx = database,
): Promise<RewardRow | null> {
  return findShopReward(db, shopDomain, rewardId);
}

/** The catalogue as the admin lists it (archived and one-off rewards left out unless asked). */
export function listRewards(
  shopDomain: string,
  options: { includeArchived?: boolean } = {},
): Promise<RewardRow[]> {
  return listCatalogue(database, shopDomain, options.includeArchived ?? false);
}

// ---------------------------------------------------------------------------------------------
// Code pools

export type ImportCodePoolResult =
  | {
      outcome: "imported";
      file: CodePoolFile;
      imported: number;
      skippedHeader: string | null;
    }
  /** Nothing was imported: the file is refused whole, with every bad line. */
  | { outcome: "invalid"; errors: CodePoolLineError[] }
  | { outcome: "empty" };

/**
 * Imports one CSV file of codes into a pool. A file with any bad line (duplicate, already
 * imported, unusable code) is refused whole, so the merchant fixes it and imports it again.
 */
export async function importCodePool(
  shopDomain: string,
  input: { poolId: string; filename: string; text: string },
): Promise<ImportCodePoolResult> {
  return inTransaction(async (tx) => {
    const parsed = parseCodePoolCsv(input.text, {
      existingCodes: await listShopPoolCodes(tx, shopDomain),
    });
    if (parsed.errors.length > 0)
      return { outcome: "invalid", errors: parsed.errors };
    if (parsed.codes.length === 0) return { outcome: "empty" };
    const file = await addCodePoolFile(tx, {
      shopDomain,
      poolId: input.poolId,
      filename: input.filename.slice(0, 255),
      codes: parsed.codes,
    });
    return {
      outcome: "imported",
      file,
      imported: parsed.codes.length,
      skippedHeader: parsed.skippedHeader,
    };
  });
}

export interface CodePoolFileSummary {
  id: string;
  poolId: string;
  filename: string;
  createdAt: Date;
  total: number;
  assigned: number;
  remaining: number;
}

/** Each imported file with its counts: imported, assigned to a redemption, still unused. */
export async function listCodePoolFiles(
  shopDomain: string,
  poolId?: string,
): Promise<CodePoolFileSummary[]> {
  const files = await listCodePoolFileRows(database, shopDomain, poolId);
  const assignedBy = await countPoolCodesByFile(
    database,
    shopDomain,
    poolId,
    true,
  );
  const remainingBy = await countPoolCodesByFile(
    database,
    shopDomain,
    poolId,
    false,
  );
  return files.map((file) => ({
    id: file.id,
    poolId: file.poolId,
    filename: file.filename,
    createdAt: file.createdAt,
    total: file.importedCount,
    assigned: assignedBy.get(file.id) ?? 0,
    remaining: remainingBy.get(file.id) ?? 0,
  }));
}

/** Deletes the unused codes of one file, or of every file of a pool; assigned codes always stay. */
export async function deleteUnusedPoolCodes(
  shopDomain: string,
  target: { fileId: string } | { poolId: string },
): Promise<{ deleted: number }> {
  return { deleted: await deleteFreePoolCodes(database, shopDomain, target) };
}

/** Unused codes left in a pool: a pool reward with none is sold out. */
export function countUnusedPoolCodes(
  db: Tx,
  shopDomain: string,
  poolId: string,
): Promise<number> {
  return countFreeCodesInPool(db, shopDomain, poolId);
}

// ---------------------------------------------------------------------------------------------
// Admin: deleting and restoring

export type RemoveRewardResult =
  { outcome: "deleted" } | { outcome: "archived" } | { outcome: "not_found" };

/**
 * Deletes a reward nobody has redeemed (with its pool's unused codes); one with redemptions is
 * archived instead, so members' histories keep pointing at it.
 */
export async function deleteOrArchiveReward(
  shopDomain: string,
  rewardId: string,
  now = clock.now(),
): Promise<RemoveRewardResult> {
  return inTransaction(async (tx) => {
    const reward = await findShopReward(tx, shopDomain, rewardId);
    if (!reward) return { outcome: "not_found" };
    const redemptions = await countRewardRedemptions(tx, shopDomain, rewardId);
    if (redemptions > 0) {
      await archiveRewardRow(tx, rewardId, now);
      return { outcome: "archived" };
    }
    if (reward.poolId)
      await deletePoolWithoutAssignedCodes(tx, shopDomain, reward.poolId);
    // Its uploaded image goes with it (an archived reward keeps its own).
    await deleteRewardImage(tx, shopDomain, rewardId);
    await deleteRewardRow(tx, rewardId);
    return { outcome: "deleted" };
  });
}

/** Brings an archived reward back to the catalogue, inactive until the merchant switches it on. */
export async function restoreReward(
  shopDomain: string,
  rewardId: string,
): Promise<boolean> {
  return restoreArchivedReward(database, shopDomain, rewardId);
}
