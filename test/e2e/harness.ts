import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";

import { resolveAppNamespace } from "../../emulator/admin/app-identity";
import type { EmulatorContext } from "../../emulator/context";
import { gid } from "../../emulator/state";
import { startStack, type Stack } from "../../scripts/stack";
import { buildAppCopy, ROOT } from "../browser/built-app";

/**
 * The built app and the emulator for one test file, on the file's own database (the one
 * test/setup.ts made, SQLite or PostgreSQL, so the test reads exactly what the app wrote).
 */
export async function startTestStack(
  options: {
    throttle?: { maximumAvailable: number; restoreRate: number };
  } = {},
): Promise<Stack> {
  const databaseUrl = process.env.DATABASE_URL ?? "";
  const databaseFile = databaseUrl.replace(/^file:/, "");
  const postgres = /^postgres(ql)?:/.test(databaseUrl);
  const appDir = fs.mkdtempSync(path.join(ROOT, "data", "e2e-app-"));
  await buildAppCopy(appDir);
  const stack = await startStack({
    databaseFile,
    databaseUrl: postgres ? databaseUrl : undefined,
    appDir,
    apiKey: "e2e-api-key",
    apiSecret: "e2e-api-secret",
    throttle: options.throttle,
  });
  return {
    ...stack,
    async stop() {
      await stack.stop();
      fs.rmSync(appDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` stops throwing (the worker and webhook deliveries are asynchronous). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The balance mirror the app wrote at the emulator for a customer ($app:loyalty.points). */
export function mirroredPoints(
  ctx: EmulatorContext,
  shop: string,
  customerId: number,
): string | undefined {
  const namespace = resolveAppNamespace("$app:loyalty", ctx.config.apiKey);
  const owner = gid("Customer", customerId);
  const state = ctx.state.shops.get(shop);
  for (const metafield of state?.metafields.values() ?? []) {
    if (
      metafield.ownerId === owner &&
      metafield.namespace === namespace &&
      metafield.key === "points"
    )
      return metafield.value;
  }
  return undefined;
}

/** Every Admin API call the app made was valid against Shopify's schema and not refused. */
export function expectEveryAdminCallAccepted(ctx: EmulatorContext) {
  const refused = ctx.adminCalls.filter(
    (call) =>
      call.status !== 200 ||
      call.errors.length > 0 ||
      call.userErrors.length > 0,
  );
  expect(
    refused.map((call) => ({
      op: call.operationName,
      status: call.status,
      errors: call.errors,
      userErrors: call.userErrors,
    })),
  ).toEqual([]);
}
