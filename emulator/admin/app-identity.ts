import { createHash } from "node:crypto";

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
