/**
 * What the storefront widget costs a page: raw and gzipped bytes of the theme app extension's
 * assets (extensions/loyalty-widget/assets), against the budget. The embed's initial JavaScript (the
 * launcher, on every page) stays under 10,000 bytes gzipped, loaded `defer`; the catalogue block's
 * script only comes with that block; all CSS together stays under 10 KB gzipped. The established
 * loyalty apps ship hundreds of KB. Gzip at zlib's default level, as most servers and CDNs send it.
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
  /** The launcher embed's initial JavaScript. */
  embedJsGzipBytes: 10_000,
  /** The rewards catalogue block's script (only on pages with the block). */
  blockJsGzipBytes: 5_000,
  /** Every stylesheet together. */
  cssGzipBytes: 10 * 1024,
} as const;

export interface AssetSize {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface Budgeted {
  name: string;
  files: AssetSize[];
  rawBytes: number;
  gzipBytes: number;
  budgetGzipBytes: number;
}

export interface WidgetSize {
  embedJs: Budgeted;
  blockJs: Budgeted;
  css: Budgeted;
  withinBudget: boolean;
}

function measureAsset(dir: string, file: string): AssetSize {
  const bytes = fs.readFileSync(path.join(dir, file));
  return { file, rawBytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

function group(
  name: string,
  files: AssetSize[],
  budgetGzipBytes: number,
): Budgeted {
  return {
    name,
    files,
    rawBytes: files.reduce((sum, f) => sum + f.rawBytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    budgetGzipBytes,
  };
}

export function measureWidgetSize(assetsDir: string = ASSETS): WidgetSize {
  const all = fs.readdirSync(assetsDir).sort();
  const embedJs = group(
    "embed JS",
    [measureAsset(assetsDir, "loyalty-widget.js")],
    WIDGET_BUDGET.embedJsGzipBytes,
  );
  const blockJs = group(
    "catalogue block JS",
    [measureAsset(assetsDir, "rewards-catalogue.js")],
    WIDGET_BUDGET.blockJsGzipBytes,
  );
  const css = group(
    "CSS",
    all
      .filter((f) => f.endsWith(".css"))
      .map((f) => measureAsset(assetsDir, f)),
    WIDGET_BUDGET.cssGzipBytes,
  );
  return {
    embedJs,
    blockJs,
    css,
    withinBudget: [embedJs, blockJs, css].every(
      (g) => g.gzipBytes <= g.budgetGzipBytes,
    ),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatWidgetSize(size: WidgetSize): string {
  const row = (name: string, raw: number, gzip: number, budget?: number) =>
    [
      name.padEnd(26),
      kb(raw).padStart(9),
      `${gzip} B`.padStart(9),
      (budget ? `${budget} B` : "").padStart(10),
      (budget ? `${Math.round((100 * gzip) / budget)}%` : "").padStart(7),
    ].join("");
  const lines = [
    `${"storefront widget".padEnd(26)}${"raw".padStart(9)}${"gzip".padStart(9)}${"budget".padStart(10)}${"used".padStart(7)}`,
  ];
  for (const g of [size.embedJs, size.blockJs, size.css]) {
    for (const f of g.files)
      lines.push(row(`  ${f.file}`, f.rawBytes, f.gzipBytes));
    lines.push(row(g.name, g.rawBytes, g.gzipBytes, g.budgetGzipBytes));
  }
  lines.push(size.withinBudget ? "within budget" : "OVER BUDGET");
  return lines.join("\n");
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  const size = measureWidgetSize();
  console.log(formatWidgetSize(size));
  if (!size.withinBudget) process.exitCode = 1;
}
