import { readFileSync, statSync } from "node:fs";

import { parse } from "smol-toml";

/**
 * What the emulator needs from the app's shopify.app.toml: webhook subscriptions (where Shopify
 * would POST each topic) and the app proxy (which storefront path forwards to which app path).
 * https://shopify.dev/docs/apps/build/cli-for-apps/app-configuration
 */
export interface WebhookSubscription {
  topics: string[];
  /** As written in the toml: a path relative to the app URL, or an absolute https URL. */
  uri: string;
  /** true for `compliance_topics` (customers/data_request, customers/redact, shop/redact). */
  compliance: boolean;
  includeFields: string[] | null;
}

export interface AppProxyConfig {
  /** The app path (relative to the app URL) or absolute URL requests are forwarded to. */
  url: string;
  prefix: string;
  subpath: string;
}

export interface AppTomlConfig {
  webhookApiVersion: string | null;
  subscriptions: WebhookSubscription[];
  appProxy: AppProxyConfig | null;
}

const EMPTY: AppTomlConfig = {
  webhookApiVersion: null,
  subscriptions: [],
  appProxy: null,
};

const cache = new Map<string, { mtimeMs: number; config: AppTomlConfig }>();

/** Re-read whenever the file changes, so editing shopify.app.toml takes effect without a restart. */
export function readAppToml(path: string): AppTomlConfig {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return EMPTY;
  }
  const cached = cache.get(path);
  if (cached && cached.mtimeMs === mtimeMs) return cached.config;
  const config = parseAppToml(readFileSync(path, "utf8"));
  cache.set(path, { mtimeMs, config });
  return config;
}

export function parseAppToml(text: string): AppTomlConfig {
  const toml = parse(text) as Record<string, unknown>;
  const webhooks = asRecord(toml.webhooks);
  const subscriptions: WebhookSubscription[] = [];
  const rawSubscriptions = Array.isArray(webhooks?.subscriptions)
    ? webhooks.subscriptions
    : [];
  for (const raw of rawSubscriptions) {
    const entry = asRecord(raw);
    if (!entry || typeof entry.uri !== "string") continue;
    const includeFields = stringList(entry.include_fields);
    const topics = stringList(entry.topics);
    if (topics.length > 0)
      subscriptions.push({
        topics,
        uri: entry.uri,
        compliance: false,
        includeFields: includeFields.length ? includeFields : null,
      });
    const complianceTopics = stringList(entry.compliance_topics);
    if (complianceTopics.length > 0)
      subscriptions.push({
        topics: complianceTopics,
        uri: entry.uri,
        compliance: true,
        includeFields: null,
      });
  }
  const proxy = asRecord(toml.app_proxy);
  const appProxy =
    proxy && typeof proxy.url === "string"
      ? {
          url: proxy.url,
          prefix: typeof proxy.prefix === "string" ? proxy.prefix : "apps",
          subpath: typeof proxy.subpath === "string" ? proxy.subpath : "",
        }
      : null;
  return {
    webhookApiVersion:
      typeof webhooks?.api_version === "string" ? webhooks.api_version : null,
    subscriptions,
    appProxy,
  };
}

/** Where Shopify would POST: relative URIs are resolved against the app URL. */
export function resolveAppUri(appUrl: string, uri: string): string | null {
  if (/^https?:\/\//i.test(uri)) return uri;
  // pubsub:// and arn: destinations leave Shopify for Google or Amazon; the emulator cannot play them.
  if (/^[a-z]+:/i.test(uri)) return null;
  return `${appUrl.replace(/\/+$/, "")}/${uri.replace(/^\/+/, "")}`;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}
