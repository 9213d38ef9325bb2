import fs from "node:fs";
import path from "node:path";

import { type PrismaClient } from "@prisma/client";
import { type Browser } from "playwright-core";

import { createPrismaClient } from "~/db.server";
import {
  launchChromium,
  serveAppBridgeStandIn,
} from "~/../test/browser/app-bridge-stand-in";
import {
  buildAppCopy,
  migrateDatabase,
  ROOT,
  startBuiltApp,
  type RunningApp,
} from "~/../test/browser/built-app";

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
 * from there), apart from data/test.
 */
export async function startAdminInBrowser(
  name: string,
  seed: (db: PrismaClient) => Promise<void>,
): Promise<AdminInBrowser> {
  fs.mkdirSync(path.join(ROOT, "data", "browser"), { recursive: true });
  const workDir = fs.mkdtempSync(
    path.join(ROOT, "data", "browser", `${name}-`),
  );
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
  const app = await startBuiltApp(workDir, {
    DATABASE_URL: `file:${databaseFile}`,
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: "test-api-secret",
    APP_BRIDGE_URL: appBridge.url,
    LOYALTY_WORKER: "off",
  });
  const browser = await launchChromium();
  return {
    app,
    browser,
    databaseFile,
    appBridgeRequests: appBridge.requests,
    async stop() {
      await browser.close();
      await app.stop();
      await appBridge.close();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
