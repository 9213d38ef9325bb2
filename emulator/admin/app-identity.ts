import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import { parse } from "smol-toml";

import type { EmulatorConfig } from "../context";

/**
 * Shopify gives every app a numeric id, which is what `$app` namespaces resolve to
 * (`$app:loyalty` is stored as `app--{id}--loyalty`). The emulator derives a stable one
 * from the api key so the same app always gets the same namespaces across runs.
 */
export function appNumericId(apiKey: string): number {
  const digest = createHash("sha256").update(apiKey).digest();
  return 100_000_000 + (digest.readUInt32BE(0) % 900_000_000);
}

/** `$app:loyalty` → `app--{id}--loyalty`, `$app` → `app--{id}`; other namespaces are kept as given. */
export function resolveAppNamespace(namespace: string, apiKey: string): string {
  if (namespace === "$app") return `app--${appNumericId(apiKey)}`;
  if (namespace.startsWith("$app:"))
    return `app--${appNumericId(apiKey)}--${namespace.slice("$app:".length)}`;
  return namespace;
}

const scopeCache = new Map<string, string>();

/**
 * The scopes the merchant granted: with managed installation Shopify grants exactly what
 * shopify.app.toml declares under [access_scopes], so the emulator reads them from there.
 */
export function grantedScopes(config: EmulatorConfig): string {
  const cached = scopeCache.get(config.appTomlPath);
  if (cached !== undefined) return cached;
  let scopes = "";
  try {
    const toml = parse(readFileSync(config.appTomlPath, "utf8")) as {
      access_scopes?: { scopes?: unknown };
    };
    if (typeof toml.access_scopes?.scopes === "string")
      scopes = normalizeScopes(toml.access_scopes.scopes);
  } catch {
    // No toml (unit tests): grant nothing rather than invent scopes.
  }
  scopeCache.set(config.appTomlPath, scopes);
  return scopes;
}

function normalizeScopes(value: string): string {
  return value
    .split(",")
    .map((scope) => scope.trim())
    .filter(Boolean)
    .join(",");
}
