/**
 * What the launcher embed costs the storefront, as Lighthouse scores it: the emulator's storefront
 * (its theme, with the theme app extension's blocks rendered as Shopify would) with and without
 * the app's blocks, 5 Lighthouse performance runs each, medians compared. Shopify lets an app cost
 * 10 points; the target here is 3. Also the embed's bytes (gzip and brotli) and the requests the
 * page makes before any interaction, with and without the blocks.
 *
 * Offline: Lighthouse drives the local Chromium (test/browser/chromium.ts) through chrome-launcher,
 * with simulated throttling (Lantern computes the slow network and CPU from the trace, so nothing
 * is fetched from the internet) and the desktop preset.
 *
 *   npx tsx bench/storefront-lighthouse.ts
 *
 * lighthouse 12.2.3: 13.x needs Node ≥ 22.19 (STACK.md; this project runs on Node 20).
 */
import fs from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

import { storeShop } from "../emulator/store/shop";
import { startStack } from "../scripts/stack";
import { findChromium } from "../test/browser/chromium";
import { buildAppCopy, ROOT } from "../test/browser/built-app";

const SHOP = "bench-lighthouse.myshopify.com";
export const LIGHTHOUSE_TARGETS = { maxScoreDrop: 3, runs: 5 } as const;

const ASSETS = path.resolve(
  import.meta.dirname,
  "../extensions/loyalty-widget/assets",
);

export interface EmbedBytes {
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

/** The launcher embed's initial assets (its script and stylesheet), compressed as a CDN sends them. */
export function measureEmbedBytes(): EmbedBytes {
  const files = ["loyalty-widget.js", "loyalty-widget.css"].map((file) =>
    fs.readFileSync(path.join(ASSETS, file)),
  );
  const sum = (f: (b: Buffer) => number) =>
    files.reduce((total, file) => total + f(file), 0);
  return {
    rawBytes: sum((b) => b.length),
    gzipBytes: sum((b) => gzipSync(b).length),
    brotliBytes: sum(
      (b) =>
        brotliCompressSync(b, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
        }).length,
    ),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface LighthouseResult {
  withEmbed: { scores: number[]; median: number; requests: number };
  withoutEmbed: { scores: number[]; median: number; requests: number };
  drop: number;
  embed: EmbedBytes;
  meetsTarget: boolean;
}

export async function measureStorefrontLighthouse(
  runs: number = LIGHTHOUSE_TARGETS.runs,
): Promise<LighthouseResult> {
  // Inside the repository, so the copied build resolves its packages from node_modules.
  const dir = fs.mkdtempSync(path.join(ROOT, "data", "bench-lighthouse-"));
  await buildAppCopy(dir);
  const stack = await startStack({
    databaseFile: path.join(dir, "bench.sqlite"),
    appDir: dir,
    appOutput: "pipe",
  });
  const found = await findChromium();
  const chrome = await chromeLauncher.launch({
    chromePath: found.executablePath,
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
    envVars: { ...(process.env as Record<string, string>), ...found.env },
  });
  try {
    storeShop(stack.emulator.ctx, SHOP, { currencyCode: "EUR" });
    await stack.installShop(SHOP);

    async function audit(url: string) {
      const result = await lighthouse(
        url,
        {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance"],
        },
        {
          ...desktopConfig,
          settings: {
            ...desktopConfig.settings,
            onlyCategories: ["performance"],
            throttlingMethod: "simulate",
          },
        },
      );
      const lhr = result?.lhr;
      if (!lhr || lhr.runtimeError)
        throw new Error(
          `Lighthouse failed: ${JSON.stringify(lhr?.runtimeError)}`,
        );
      const requests =
        (lhr.audits["network-requests"]?.details as { items?: unknown[] })
          ?.items?.length ?? 0;
      return {
        score: Math.round((lhr.categories.performance.score ?? 0) * 100),
        requests,
      };
    }

    const base = `${stack.emulatorUrl}/storefront/${SHOP}?locale=en&customer=`;
    const withScores: number[] = [];
    const withoutScores: number[] = [];
    let withRequests = 0;
    let withoutRequests = 0;
    // Alternate, so a busy moment of the machine weighs on both sides alike.
    for (let i = 0; i < runs; i += 1) {
      const on = await audit(base);
      withScores.push(on.score);
      withRequests = on.requests;
      const off = await audit(`${base}&blocks=off`);
      withoutScores.push(off.score);
      withoutRequests = off.requests;
    }
    const drop = median(withoutScores) - median(withScores);
    return {
      withEmbed: {
        scores: withScores,
        median: median(withScores),
        requests: withRequests,
      },
      withoutEmbed: {
        scores: withoutScores,
        median: median(withoutScores),
        requests: withoutRequests,
      },
      drop,
      embed: measureEmbedBytes(),
      meetsTarget: drop <= LIGHTHOUSE_TARGETS.maxScoreDrop,
    };
  } finally {
    chrome.kill();
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatLighthouse(r: LighthouseResult): string {
  return [
    `with the app's blocks     median ${r.withEmbed.median} (runs ${r.withEmbed.scores.join(", ")}), ${r.withEmbed.requests} requests before interaction`,
    `without (theme alone)     median ${r.withoutEmbed.median} (runs ${r.withoutEmbed.scores.join(", ")}), ${r.withoutEmbed.requests} requests before interaction`,
    `drop                      ${r.drop} points (target ≤ ${LIGHTHOUSE_TARGETS.maxScoreDrop}; Shopify allows 10)`,
    `embed (JS + CSS)          ${r.embed.rawBytes} B raw, ${r.embed.gzipBytes} B gzip, ${r.embed.brotliBytes} B brotli`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureStorefrontLighthouse();
  console.log(formatLighthouse(result));
  process.exitCode = result.meetsTarget ? 0 : 1;
}
