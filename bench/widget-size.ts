/**
 * What the storefront widget costs every page it is on: raw and gzipped bytes of the launcher's JS
 * and CSS (extensions/loyalty-widget/assets), against the budget. The budget is about a tenth of the
 * storefront bundles of the established loyalty apps, which run to hundreds of KB. Gzip at zlib's
 * default level, as most servers and CDNs send it.
 *
 *   npx tsx bench/widget-size.ts      (exits 1 when over budget)
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const ASSETS = fileURLToPath(
  new URL("../extensions/loyalty-widget/assets/", import.meta.url),
);

export const WIDGET_BUDGET = {
  jsGzipBytes: 6 * 1024,
  cssGzipBytes: 3 * 1024,
} as const;

export interface AssetSize {
  file: string;
  rawBytes: number;
  gzipBytes: number;
  budgetGzipBytes: number;
}

export interface WidgetSize {
  js: AssetSize;
  css: AssetSize;
  total: { rawBytes: number; gzipBytes: number; budgetGzipBytes: number };
  withinBudget: boolean;
}

function measureAsset(
  dir: string,
  file: string,
  budgetGzipBytes: number,
): AssetSize {
  const bytes = fs.readFileSync(path.join(dir, file));
  return {
    file,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
    budgetGzipBytes,
  };
}

export function measureWidgetSize(assetsDir: string = ASSETS): WidgetSize {
  const js = measureAsset(
    assetsDir,
    "loyalty-widget.js",
    WIDGET_BUDGET.jsGzipBytes,
  );
  const css = measureAsset(
    assetsDir,
    "loyalty-widget.css",
    WIDGET_BUDGET.cssGzipBytes,
  );
  return {
    js,
    css,
    total: {
      rawBytes: js.rawBytes + css.rawBytes,
      gzipBytes: js.gzipBytes + css.gzipBytes,
      budgetGzipBytes: js.budgetGzipBytes + css.budgetGzipBytes,
    },
    withinBudget:
      js.gzipBytes <= js.budgetGzipBytes &&
      css.gzipBytes <= css.budgetGzipBytes,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatWidgetSize(size: WidgetSize): string {
  const row = (
    name: string,
    s: { rawBytes: number; gzipBytes: number; budgetGzipBytes: number },
  ) =>
    [
      name.padEnd(20),
      kb(s.rawBytes).padStart(9),
      kb(s.gzipBytes).padStart(9),
      kb(s.budgetGzipBytes).padStart(9),
      `${Math.round((100 * s.gzipBytes) / s.budgetGzipBytes)}%`.padStart(7),
    ].join("");
  return [
    `${"storefront widget".padEnd(20)}${"raw".padStart(9)}${"gzip".padStart(9)}${"budget".padStart(9)}${"used".padStart(7)}`,
    row(size.js.file, size.js),
    row(size.css.file, size.css),
    row("total", size.total),
    size.withinBudget ? "within budget" : "OVER BUDGET",
  ].join("\n");
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  const size = measureWidgetSize();
  console.log(formatWidgetSize(size));
  if (!size.withinBudget) process.exitCode = 1;
}
