import { getEnv } from "~/env.server";
import {
  type IdentityLocale,
  type PointsName,
  pointsNameFor,
  type ProgramIdentityInput,
  toIdentityLocale,
} from "~/loyalty/program-identity";
import {
  findProgramActive,
  findProgramIcon,
  findProgramIdentity,
  saveProgramIcon,
  saveProgramIdentityRow,
  setProgramActiveRow,
} from "~/models/program-identity.server";
import { enqueueOutboxJob } from "~/models/outbox.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";
import { type Actor, recordAudit } from "~/services/audit.server";
import { checkIconImage } from "~/services/icon-image";

/**
 * The program's identity and its switch (ADR 0013). `getProgramIdentity` is what every surface
 * reads (admin, storefront API, widget mirror, emails). Saving or switching writes an audit row
 * and queues `mirror_program`, which copies the identity into an app-data metafield the theme
 * extension's Liquid reads without a request.
 */

export interface ProgramIdentity extends ProgramIdentityInput {
  active: boolean;
  /** Absolute URL of the points icon (a built-in SVG or the uploaded image). */
  iconUrl: string;
  hasUploadedIcon: boolean;
}

function appUrl(): string {
  return getEnv().SHOPIFY_APP_URL.replace(/\/$/, "");
}

export function iconUrlFor(
  shop: string,
  icon: ProgramIdentityInput["pointsIcon"],
  iconVersion: number | null,
  base = appUrl(),
): string {
  if (icon === "upload" && iconVersion !== null)
    return `${base}/program-icon/${encodeURIComponent(shop)}?v=${iconVersion}`;
  return `${base}/program-icons/${icon === "upload" ? "star" : icon}.svg`;
}

export async function getProgramIdentity(
  shop: string,
  db: Tx = database,
): Promise<ProgramIdentity> {
  const stored = await findProgramIdentity(db, shop);
  const { iconVersion, ...identity } = stored;
  return {
    ...identity,
    active: await findProgramActive(db, shop),
    iconUrl: iconUrlFor(shop, identity.pointsIcon, iconVersion),
    hasUploadedIcon: iconVersion !== null,
  };
}

/** The `program` object every storefront API answer carries, in the shopper's language. */
export interface StorefrontProgram {
  name: string;
  pointsName: PointsName;
  iconUrl: string;
  active: boolean;
  /** What the merchant wrote for shoppers while the program is off (null: show nothing). */
  comingSoon: string | null;
}

export function storefrontProgram(
  identity: ProgramIdentity,
  locale: string,
): StorefrontProgram {
  const key: IdentityLocale = toIdentityLocale(locale);
  return {
    name: identity.name,
    pointsName: pointsNameFor(identity, key),
    iconUrl: identity.iconUrl,
    active: identity.active,
    comingSoon: identity.active
      ? null
      : (identity.comingSoonText[key] ??
        identity.comingSoonText.en ??
        identity.comingSoonText.fr ??
        null),
  };
}

function queueMirror(tx: Tx, shop: string, now: Date) {
  return enqueueOutboxJob(
    tx,
    {
      shopDomain: shop,
      kind: "mirror_program",
      payload: {},
      coalesceKey: `mirror_program:${shop}`,
    },
    now,
  );
}

export async function saveProgramIdentity(
  shop: string,
  identity: ProgramIdentityInput,
  actor: Actor,
  now: Date,
): Promise<{ outcome: "saved" } | { outcome: "no_uploaded_icon" }> {
  return inTransaction(async (tx) => {
    if (identity.pointsIcon === "upload" && !(await findProgramIcon(tx, shop)))
      return { outcome: "no_uploaded_icon" as const };
    await saveProgramIdentityRow(tx, shop, identity, now);
    await recordAudit(tx, {
      shopDomain: shop,
      actor,
      action: "program.identity_saved",
      subjectType: "program",
      details: {
        name: identity.name,
        pointsIcon: identity.pointsIcon,
      },
      at: now,
    });
    await queueMirror(tx, shop, now);
    return { outcome: "saved" as const };
  });
}

export type IconUploadResult =
  | { outcome: "uploaded"; version: number }
  | { outcome: "icon_too_large" | "icon_not_image" | "icon_too_big" };

/** Stores an uploaded icon (checked by its bytes) and makes it the points icon. */
export async function uploadProgramIcon(
  shop: string,
  bytes: Uint8Array,
  actor: Actor,
  now: Date,
): Promise<IconUploadResult> {
  const check = checkIconImage(bytes);
  if (!check.ok) return { outcome: check.error };
  return inTransaction(async (tx) => {
    const version = await saveProgramIcon(
      tx,
      shop,
      {
        contentType: check.contentType,
        bytes,
        width: check.width,
        height: check.height,
      },
      now,
    );
    const current = await findProgramIdentity(tx, shop);
    await saveProgramIdentityRow(
      tx,
      shop,
      { ...current, pointsIcon: "upload" },
      now,
    );
    await recordAudit(tx, {
      shopDomain: shop,
      actor,
      action: "program.icon_uploaded",
      subjectType: "program",
      details: { width: check.width, height: check.height },
      at: now,
    });
    await queueMirror(tx, shop, now);
    return { outcome: "uploaded" as const, version };
  });
}

export function getProgramIcon(shop: string) {
  return findProgramIcon(database, shop);
}

/**
 * The program switch. Off: orders and ways to earn award nothing (orders are recorded as
 * `skipped_inactive`; the retroactive run can award them later), redemptions are refused, the
 * storefront shows nothing. Balances are not touched.
 */
export async function switchProgram(
  shop: string,
  active: boolean,
  actor: Actor,
  now: Date,
): Promise<{ outcome: "switched" | "unchanged"; active: boolean }> {
  return inTransaction(async (tx) => {
    const before = await setProgramActiveRow(tx, shop, active);
    if (before === active) return { outcome: "unchanged" as const, active };
    await recordAudit(tx, {
      shopDomain: shop,
      actor,
      action: active ? "program.switched_on" : "program.switched_off",
      subjectType: "program",
      at: now,
    });
    await queueMirror(tx, shop, now);
    return { outcome: "switched" as const, active };
  });
}

/** What the theme extension reads (app-data metafield `loyalty.program`, JSON). */
export async function programMirrorValue(shop: string) {
  const identity = await getProgramIdentity(shop);
  const words = Object.fromEntries(
    (["en", "fr"] as const).map((locale) => [
      locale,
      {
        ...pointsNameFor(identity, locale),
        coming_soon: storefrontProgram(identity, locale).comingSoon ?? "",
      },
    ]),
  );
  return {
    active: identity.active,
    name: identity.name,
    icon_url: identity.iconUrl,
    custom_names: Object.keys(identity.pointsNames).length > 0,
    ...words,
  };
}
