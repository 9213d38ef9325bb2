import { z } from "zod";

/**
 * The process's environment, validated once at boot: a missing or malformed variable stops the
 * process with one message naming it (server.mjs and scripts/worker.ts print it and exit 1), not
 * a stack trace from wherever the value is first used. Every variable the app, server.mjs and
 * db.server.ts read is here; the README's Deployment section lists them for hosts.
 */

const onOff = z.enum(["on", "off"]);
const positiveInteger = z.coerce.number().int().positive();

/** What db.server.ts needs: read on its own, so scripts that only touch the database need no Shopify keys. */
const DatabaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:.+|postgres(ql)?:\/\/.+)$/,
      "expected a SQLite file (file:./data/dev.sqlite) or a PostgreSQL URL (postgresql://user:password@host:5432/db)",
    )
    .default("file:./data/dev.sqlite"),
  // PostgreSQL only: connections per process.
  DATABASE_POOL_SIZE: positiveInteger.default(10),
  NODE_ENV: z
    .enum(["development", "production", "test"])
    .default("development"),
});

const EnvSchema = DatabaseEnvSchema.extend({
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.string().url(),
  SCOPES: z
    .string()
    .default(
      "read_customers,write_customers,read_orders,write_discounts,read_products,read_locales",
    ),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  // The interface server.mjs listens on (all interfaces when unset).
  HOST: z.string().min(1).optional(),
  SMTP_URL: z.string().url().optional(),
  // The sender address of emails to members (the shop's name is the display name).
  SMTP_FROM: z.string().email().optional(),
  // Development only: where Admin API and token-exchange requests go instead of Shopify.
  SHOPIFY_EMULATOR_URL: z.string().url().optional(),
  // Development only: a local App Bridge script for offline use (served by the emulator).
  APP_BRIDGE_URL: z.string().url().optional(),
  // "off" when a separate `npm run worker` process drains the outbox.
  LOYALTY_WORKER: z.enum(["in-process", "off"]).default("in-process"),
  // "off" when this process only acknowledges webhooks and a worker process drains the inbox.
  WEBHOOK_INBOX_DRAIN: onOff.default("on"),
  // How often `npm run worker` looks for due work.
  WORKER_INTERVAL_MS: positiveInteger.default(1_000),
  // Webhooks one process handles at once (default: 4 on SQLite, 16 on PostgreSQL; ADR 0022).
  WEBHOOK_INBOX_CONCURRENCY: positiveInteger.optional(),
  // The webhook door's bounds (server/webhook-door.mjs, docs/decisions/0010-…).
  WEBHOOK_MAX_BYTES: positiveInteger.optional(),
  WEBHOOKS_MAX_IN_FLIGHT: positiveInteger.optional(),
  // "off" silences the request log.
  LOG_REQUESTS: onOff.default("on"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  // Google Cloud Pub/Sub push deliveries (docs/decisions/0023-pubsub-webhooks.md). Without an
  // audience the push endpoint is off (404).
  PUBSUB_AUDIENCE: z.string().min(1).optional(),
  // Where Google publishes the keys that sign the push subscription's OIDC tokens.
  PUBSUB_JWKS_URL: z
    .string()
    .url()
    .default("https://www.googleapis.com/oauth2/v3/certs"),
  // The push subscription's service account; when set, a token for another account is refused.
  PUBSUB_SERVICE_ACCOUNT_EMAIL: z.string().email().optional(),
});

export type Env = z.infer<typeof EnvSchema>;
export type DatabaseEnv = z.infer<typeof DatabaseEnvSchema>;

/** A variable is missing or malformed. The message names every one, one per line, never a value. */
export class InvalidEnvironmentError extends Error {
  constructor(
    readonly variables: string[],
    problems: string[],
  ) {
    super(`Invalid environment:\n  ${problems.join("\n  ")}`);
    this.name = "InvalidEnvironmentError";
  }
}

type Source = Record<string, string | undefined>;

function parseWith<S extends z.ZodTypeAny>(
  schema: S,
  source: Source,
): z.output<S> {
  // An empty value (`PORT=` in a .env file) means unset, as it does for the defaults.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== ""),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data as z.output<S>;
  const variables = parsed.error.issues.map((issue) => issue.path.join("."));
  // Messages never echo the value: it may be a secret (SHOPIFY_API_SECRET, a DATABASE_URL's password).
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join(".")}: ${issue.message}`,
  );
  throw new InvalidEnvironmentError(variables, problems);
}

/** Validates an environment (process.env by default). Throws InvalidEnvironmentError. */
export function parseEnv(source: Source = process.env): Env {
  return parseWith(EnvSchema, source);
}

/** Only the database's variables: db.server.ts reads these before anything else. */
export function parseDatabaseEnv(source: Source = process.env): DatabaseEnv {
  return parseWith(DatabaseEnvSchema, source);
}

let cached: Env | undefined;

/** The validated environment of this process, parsed on first use (at boot: shopify.server.ts). */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
