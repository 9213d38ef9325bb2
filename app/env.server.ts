import { z } from "zod";

// Validated once at boot: a missing or malformed variable stops the app with a clear message.
const EnvSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"])
    .default("development"),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.string().url(),
  SCOPES: z
    .string()
    .default(
      "read_customers,write_customers,read_orders,write_discounts,read_products,read_locales",
    ),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.string().default("file:./data/dev.sqlite"),
  SMTP_URL: z.string().url().optional(),
  // The sender address of emails to members (the shop's name is the display name).
  SMTP_FROM: z.string().email().optional(),
  // Development only: where Admin API and token-exchange requests go instead of Shopify.
  SHOPIFY_EMULATOR_URL: z.string().url().optional(),
  // Development only: a local App Bridge script for offline use (served by the emulator).
  APP_BRIDGE_URL: z.string().url().optional(),
  // "off" when a separate `npm run worker` process drains the outbox.
  LOYALTY_WORKER: z.enum(["in-process", "off"]).default("in-process"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  cached = parsed.data;
  return cached;
}
