import { z } from "zod";

/**
 * The program's identity (ADR 0013): its name, what points are called in each language, the
 * points icon and the storefront's text while the program is off. Pure: parsing the stored JSON,
 * validating what the merchant typed, and picking the words for a language with a fallback.
 */

export const IDENTITY_LOCALES = ["en", "fr"] as const;
export type IdentityLocale = (typeof IDENTITY_LOCALES)[number];

export const BUILT_IN_ICONS = [
  "star",
  "coin",
  "heart",
  "gift",
  "diamond",
  "leaf",
] as const;
export type BuiltInIcon = (typeof BUILT_IN_ICONS)[number];
export type PointsIcon = BuiltInIcon | "upload";

export const PROGRAM_NAME_MAX = 60;
export const POINTS_NAME_MAX = 30;
export const COMING_SOON_MAX = 280;

export interface PointsName {
  one: string;
  other: string;
}

export interface ProgramIdentityInput {
  name: string;
  pointsNames: Partial<Record<IdentityLocale, PointsName>>;
  pointsIcon: PointsIcon;
  comingSoonText: Partial<Record<IdentityLocale, string>>;
}

/** The app's own words, used where the merchant typed nothing. */
export const DEFAULT_POINTS_NAMES: Record<IdentityLocale, PointsName> = {
  en: { one: "point", other: "points" },
  fr: { one: "point", other: "points" },
};

const PointsNameSchema = z.object({
  one: z.string().trim().max(POINTS_NAME_MAX),
  other: z.string().trim().max(POINTS_NAME_MAX),
});

const StoredSchema = z.object({
  name: z.string().catch(""),
  pointsNames: z
    .record(z.string(), PointsNameSchema.partial().catch({}))
    .catch({}),
  pointsIcon: z.enum([...BUILT_IN_ICONS, "upload"]).catch("star"),
  comingSoonText: z.record(z.string(), z.string().catch("")).catch({}),
});

function parseJson(text: string | null | undefined): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** The stored row (JSON columns) as an input; anything unreadable falls back to the defaults. */
export function readStoredIdentity(row: {
  name: string;
  pointsNames: string;
  pointsIcon: string;
  comingSoonText: string;
}): ProgramIdentityInput {
  const parsed = StoredSchema.parse({
    name: row.name,
    pointsNames: parseJson(row.pointsNames),
    pointsIcon: row.pointsIcon,
    comingSoonText: parseJson(row.comingSoonText),
  });
  const pointsNames: ProgramIdentityInput["pointsNames"] = {};
  const comingSoonText: ProgramIdentityInput["comingSoonText"] = {};
  for (const locale of IDENTITY_LOCALES) {
    const names = parsed.pointsNames[locale];
    if (names?.one && names.other)
      pointsNames[locale] = { one: names.one, other: names.other };
    const text = parsed.comingSoonText[locale];
    if (text) comingSoonText[locale] = text;
  }
  return {
    name: parsed.name,
    pointsNames,
    pointsIcon: parsed.pointsIcon,
    comingSoonText,
  };
}

export type IdentityFieldError =
  | "name_too_long"
  | "points_name_too_long"
  | "points_name_incomplete"
  | "coming_soon_too_long"
  | "unknown_icon";

export type IdentityParse =
  | { ok: true; identity: ProgramIdentityInput }
  | { ok: false; errors: Record<string, IdentityFieldError> };

/**
 * What the merchant typed on the Program page. A language's points name needs both forms (or
 * neither: then the app's words are used); blank texts are dropped.
 */
export function parseIdentityForm(form: {
  name?: string;
  pointsIcon?: string;
  pointsNames?: Partial<
    Record<string, { one?: string; other?: string } | undefined>
  >;
  comingSoonText?: Partial<Record<string, string | undefined>>;
}): IdentityParse {
  const errors: Record<string, IdentityFieldError> = {};
  const name = (form.name ?? "").trim();
  if (name.length > PROGRAM_NAME_MAX) errors.name = "name_too_long";
  const icon = form.pointsIcon ?? "star";
  if (
    !(BUILT_IN_ICONS as readonly string[]).includes(icon) &&
    icon !== "upload"
  )
    errors.pointsIcon = "unknown_icon";
  const pointsNames: ProgramIdentityInput["pointsNames"] = {};
  const comingSoonText: ProgramIdentityInput["comingSoonText"] = {};
  for (const locale of IDENTITY_LOCALES) {
    const one = (form.pointsNames?.[locale]?.one ?? "").trim();
    const other = (form.pointsNames?.[locale]?.other ?? "").trim();
    if (one.length > POINTS_NAME_MAX)
      errors[`pointsNames.${locale}.one`] = "points_name_too_long";
    if (other.length > POINTS_NAME_MAX)
      errors[`pointsNames.${locale}.other`] = "points_name_too_long";
    if (one && !other)
      errors[`pointsNames.${locale}.other`] = "points_name_incomplete";
    if (other && !one)
      errors[`pointsNames.${locale}.one`] = "points_name_incomplete";
    if (one && other) pointsNames[locale] = { one, other };
    const text = (form.comingSoonText?.[locale] ?? "").trim();
    if (text.length > COMING_SOON_MAX)
      errors[`comingSoonText.${locale}`] = "coming_soon_too_long";
    if (text) comingSoonText[locale] = text;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    identity: {
      name,
      pointsNames,
      pointsIcon: icon as PointsIcon,
      comingSoonText,
    },
  };
}

export function toIdentityLocale(locale: string): IdentityLocale {
  return locale.toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** What points are called in a language: the merchant's words, else the app's. */
export function pointsNameFor(
  identity: Pick<ProgramIdentityInput, "pointsNames">,
  locale: string,
): PointsName {
  const key = toIdentityLocale(locale);
  return identity.pointsNames[key] ?? DEFAULT_POINTS_NAMES[key];
}

/** "1 étoile", "2 étoiles", "1,5 k"… with the language's plural rules (Intl.PluralRules). */
export function formatPointsWith(
  name: PointsName,
  count: number,
  locale: string,
): string {
  const form = new Intl.PluralRules(locale).select(count);
  const noun = form === "one" ? name.one : name.other;
  return `${new Intl.NumberFormat(locale).format(count)}\u00a0${noun}`;
}
