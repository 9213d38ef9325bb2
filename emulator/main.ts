/**
 * `npm run emulator`: the local Shopify on its own, configured from the environment.
 *   EMULATOR_PORT (default 4000), SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL,
 *   SHOPIFY_APP_TOML (default ./shopify.app.toml), EMULATOR_SHOP (optional: a shop to create at start),
 *   EMULATOR_PROTECTED_CUSTOMER_DATA (level2, default: names and emails granted; level1: redacted).
 */
import "dotenv/config";

import path from "node:path";

import { z } from "zod";

import { ADMIN_API_VERSION } from "./admin/schema";
import { startEmulator } from "./server";
import { storeShop } from "./store/shop";

const EmulatorEnvSchema = z.object({
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  EMULATOR_HOST: z.string().optional(),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.string().url(),
  SHOPIFY_APP_TOML: z.string().default("shopify.app.toml"),
  EMULATOR_SHOP: z.string().optional(),
  EMULATOR_VERBOSE: z.enum(["0", "1"]).default("1"),
  EMULATOR_PROTECTED_CUSTOMER_DATA: z
    .enum(["level1", "level2"])
    .default("level2"),
});

async function main() {
  const parsed = EmulatorEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(
      `Invalid environment:\n  ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n  ")}`,
    );
    process.exit(1);
  }
  const env = parsed.data;
  const emulator = await startEmulator({
    port: env.EMULATOR_PORT,
    host: env.EMULATOR_HOST,
    config: {
      apiKey: env.SHOPIFY_API_KEY,
      apiSecret: env.SHOPIFY_API_SECRET,
      appUrl: env.SHOPIFY_APP_URL,
      apiVersion: ADMIN_API_VERSION,
      appTomlPath: path.resolve(env.SHOPIFY_APP_TOML),
      throttle: { maximumAvailable: 2000, restoreRate: 100 },
      protectedCustomerData: env.EMULATOR_PROTECTED_CUSTOMER_DATA,
    },
    log:
      env.EMULATOR_VERBOSE === "1"
        ? (line) => console.log(`[emulator] ${line}`)
        : undefined,
  });
  if (env.EMULATOR_SHOP) storeShop(emulator.ctx, env.EMULATOR_SHOP);

  console.log(
    `Shopify emulator on ${emulator.url} (app at ${env.SHOPIFY_APP_URL})`,
  );
  console.log(`  shops and links:  ${emulator.url}/`);
  console.log(
    `  App Bridge:       APP_BRIDGE_URL=${emulator.url}/app-bridge.js`,
  );
  console.log(`  for the app:      SHOPIFY_EMULATOR_URL=${emulator.url}`);
  if (env.EMULATOR_SHOP) {
    console.log(
      `  admin:            ${emulator.url}/admin/${env.EMULATOR_SHOP}`,
    );
    console.log(
      `  store simulator:  ${emulator.url}/store/${env.EMULATOR_SHOP}`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the emulator`);
    await emulator.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
