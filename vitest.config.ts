import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "emulator/**/*.test.ts",
      "test/**/*.test.ts",
      "scripts/**/*.test.ts",
      "extensions/**/*.test.ts",
    ],
    exclude: ["node_modules", "build"],
    environment: "node",
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    // Library INFO lines drown the report; a failing test still shows everything it logged.
    silent: "passed-only",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: {
      TZ: "UTC",
      NODE_ENV: "test",
      SHOPIFY_API_KEY: "test-api-key",
      SHOPIFY_API_SECRET: "test-api-secret",
      SHOPIFY_APP_URL: "http://localhost:3999",
      SCOPES:
        "read_customers,write_customers,read_orders,write_discounts,read_products,read_locales",
      LOYALTY_WORKER: "off",
    },
  },
});
