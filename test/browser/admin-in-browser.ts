import fs from "node:fs";
import path from "node:path";

import { type PrismaClient } from "@prisma/client";
import { type Browser } from "playwright-core";

import { createPrismaClient } from "~/db.server";
import { serveAppBridgeStandIn } from "~/../test/browser/app-bridge-stand-in";
import {
  buildAppCopy,
  migrateDatabase,
  ROOT,
  startBuiltApp,
  type RunningApp,
} from "~/../test/browser/built-app";
import { launchChromium } from "~/../test/browser/chromium";
import { Teardown } from "~/../test/teardown";

export interface AdminInBrowser {
  app: RunningApp;
  browser: Browser;
  databaseFile: string;
  appBridgeRequests(): number;
  stop(): Promise<void>;
}

/**
 * The built admin on its own seeded SQLite database, served with the App Bridge stand-in, and a
 * Chromium to drive it. Files live inside the repository (the server build resolves node_modules
 * from there), apart from data/test. If any step fails, what the earlier ones started is stopped
 * before the error is thrown: the caller has nothing to stop.
 */
export async function startAdminInBrowser(
  name: string,
  seed: (db: PrismaClient) => Promise<void>,
  /** More environment for the app (for example SMTP_URL). */
  env: Record<string, string> = {},
): Promise<AdminInBrowser> {
  const teardown = new Teardown();
  try {
    fs.mkdirSync(path.join(ROOT, "data", "browser"), { recursive: true });
    const workDir = fs.mkdtempSync(
      path.join(ROOT, "data", "browser", `${name}-`),
    );
    teardown.add(() => fs.rmSync(workDir, { recursive: true, force: true }));
    await buildAppCopy(workDir);
    const databaseFile = path.join(workDir, `${name}.sqlite`);
    migrateDatabase(databaseFile);
    const db = createPrismaClient(`file:${databaseFile}`);
    try {
      await seed(db);
    } finally {
      await db.$disconnect();
    }

    const appBridge = await serveAppBridgeStandIn();
    teardown.add(() => appBridge.close());
    const app = await startBuiltApp(workDir, {
      DATABASE_URL: `file:${databaseFile}`,
      SHOPIFY_API_KEY: "test-api-key",
      SHOPIFY_API_SECRET: "test-api-secret",
      APP_BRIDGE_URL: appBridge.url,
      LOYALTY_WORKER: "off",
      ...env,
    });
    teardown.add(() => app.stop());
    const browser = await launchChromium();
    teardown.add(() => browser.close());
    return {
      app,
      browser,
      databaseFile,
      appBridgeRequests: appBridge.requests,
      stop: () => teardown.run(),
    };
  } catch (error) {
    // The failure that stopped the start says more than any clean-up failure after it.
    await teardown.run().catch(() => undefined);
    throw error;
  }
}
