import sharp from "sharp";

import { getEnv } from "~/env.server";
import {
  deleteRewardImage,
  findRewardImage,
  rewardImageVersions,
  saveRewardImage,
} from "~/models/reward-image.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";
import { type Actor, recordAudit } from "~/services/audit.server";
import { findReward } from "~/services/rewards.server";

/**
 * A reward's image uploaded by the merchant (ADR 0017): checked by its bytes (PNG, JPEG or WebP;
 * never SVG, which can carry script), resized by the app with sharp to at most 800 px on its longer
 * side, stored as WebP and served at /reward-images/<shop>/<reward>?v=<version>. The storefront
 * prefers it to a typed image address.
 */

/** What the admin accepts as an upload; the stored image is far smaller. */
export const REWARD_IMAGE_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const REWARD_IMAGE_MAX_SIDE = 800;
/** Decompression bombs: a small file that decodes to a huge bitmap is refused before decoding. */
const MAX_INPUT_PIXELS = 40_000_000;
const ACCEPTED_FORMATS = new Set(["png", "jpeg", "webp"]);

export type RewardImageUpload =
  | { outcome: "uploaded"; version: number; width: number; height: number }
  | { outcome: "image_too_large" | "image_not_image" | "unknown_reward" };

export type ResizedImage =
  | { ok: true; bytes: Uint8Array; width: number; height: number }
  | { ok: false; error: "image_too_large" | "image_not_image" };

/** Pure of I/O: the uploaded bytes, checked and resized to WebP. */
export async function resizeRewardImage(
  bytes: Uint8Array,
): Promise<ResizedImage> {
  if (bytes.byteLength > REWARD_IMAGE_MAX_UPLOAD_BYTES)
    return { ok: false, error: "image_too_large" };
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS });
    const metadata = await image.metadata();
    if (!metadata.format || !ACCEPTED_FORMATS.has(metadata.format))
      return { ok: false, error: "image_not_image" };
    const { data, info } = await image
      .rotate()
      .resize({
        width: REWARD_IMAGE_MAX_SIDE,
        height: REWARD_IMAGE_MAX_SIDE,
        fit: "inside",
        withoutEnlargement: true,
      })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      bytes: new Uint8Array(data),
      width: info.width,
      height: info.height,
    };
  } catch {
    // Not decodable, or larger than MAX_INPUT_PIXELS.
    return { ok: false, error: "image_not_image" };
  }
}

export async function uploadRewardImage(
  shop: string,
  rewardId: string,
  bytes: Uint8Array,
  actor: Actor,
  now: Date,
): Promise<RewardImageUpload> {
  const resized = await resizeRewardImage(bytes);
  if (!resized.ok) return { outcome: resized.error };
  return inTransaction(async (tx) => {
    if (!(await findReward(shop, rewardId, tx)))
      return { outcome: "unknown_reward" as const };
    const version = await saveRewardImage(tx, {
      shopDomain: shop,
      rewardId,
      contentType: "image/webp",
      bytes: resized.bytes,
      width: resized.width,
      height: resized.height,
      now,
    });
    await recordAudit(tx, {
      shopDomain: shop,
      actor,
      action: "reward.saved",
      subjectType: "reward",
      subjectId: rewardId,
      details: {
        image: "uploaded",
        width: resized.width,
        height: resized.height,
      },
      at: now,
    });
    return {
      outcome: "uploaded" as const,
      version,
      width: resized.width,
      height: resized.height,
    };
  });
}

export function removeRewardImage(
  shop: string,
  rewardId: string,
  actor: Actor,
  now: Date,
): Promise<boolean> {
  return inTransaction(async (tx) => {
    const removed = await deleteRewardImage(tx, shop, rewardId);
    if (removed)
      await recordAudit(tx, {
        shopDomain: shop,
        actor,
        action: "reward.saved",
        subjectType: "reward",
        subjectId: rewardId,
        details: { image: "removed" },
        at: now,
      });
    return removed;
  });
}

export function getRewardImage(shop: string, rewardId: string) {
  return findRewardImage(database, shop, rewardId);
}

export function rewardImageUrl(
  shop: string,
  rewardId: string,
  version: number,
  base = getEnv().SHOPIFY_APP_URL.replace(/\/$/, ""),
): string {
  return `${base}/reward-images/${encodeURIComponent(shop)}/${encodeURIComponent(rewardId)}?v=${version}`;
}

/** The uploaded image's address for each of the shop's rewards that has one. */
export async function uploadedRewardImageUrls(
  shop: string,
  db: Tx = database,
): Promise<Map<string, string>> {
  const versions = await rewardImageVersions(db, shop);
  return new Map(
    [...versions].map(([rewardId, version]) => [
      rewardId,
      rewardImageUrl(shop, rewardId, version),
    ]),
  );
}
