import { type Tx } from "~/models/transaction.server";

/** A reward's uploaded image (ADR 0017): stored resized, versioned so its URL can be cached for good. */

export async function saveRewardImage(
  tx: Tx,
  input: {
    shopDomain: string;
    rewardId: string;
    contentType: string;
    bytes: Uint8Array;
    width: number;
    height: number;
    now: Date;
  },
): Promise<number> {
  const data = {
    contentType: input.contentType,
    bytes: Buffer.from(input.bytes),
    width: input.width,
    height: input.height,
    updatedAt: input.now,
  };
  const row = await tx.rewardImage.upsert({
    where: { rewardId: input.rewardId },
    create: {
      rewardId: input.rewardId,
      shopDomain: input.shopDomain,
      ...data,
    },
    update: { ...data, version: { increment: 1 } },
  });
  return row.version;
}

/**
 * The image of a reward that still exists (an archived one keeps its image; a deleted one's is
 * gone, and one left behind by a deletion before it was removed with the reward is not served).
 */
export async function findRewardImage(
  db: Tx,
  shopDomain: string,
  rewardId: string,
) {
  const reward = await db.reward.findFirst({
    where: { id: rewardId, shopDomain },
    select: { id: true },
  });
  if (!reward) return null;
  return db.rewardImage.findFirst({ where: { shopDomain, rewardId } });
}

export async function deleteRewardImage(
  tx: Tx,
  shopDomain: string,
  rewardId: string,
): Promise<boolean> {
  const { count } = await tx.rewardImage.deleteMany({
    where: { shopDomain, rewardId },
  });
  return count > 0;
}

/** The version of each of the shop's uploaded reward images, by reward. */
export async function rewardImageVersions(
  db: Tx,
  shopDomain: string,
): Promise<Map<string, number>> {
  const rows = await db.rewardImage.findMany({
    where: { shopDomain },
    select: { rewardId: true, version: true },
  });
  return new Map(rows.map((row) => [row.rewardId, row.version]));
}
