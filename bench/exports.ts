/**
 * Exports (issue 8): the points report of 100,000 ledger entries written as CSV and as .xlsx by
 * the app's export service (keyset pages from SQLite → csv-stringify / exceljs's streaming
 * WorkbookWriter → a Web stream, drained as an HTTP response would be), against a baseline
 * measured in the same run: reading the same rows through the same query, page by page, and
 * nothing else. Each run happens in a fresh child process, so its peak memory (RSS and heap,
 * sampled every 10 ms) is its own. Figures only: the target is "never holds the rows in memory",
 * read from the peak heap staying near the baseline's rather than growing with the row count.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { spawnOwnedNode } from "../scripts/owned-processes";
import { seedLargeShop } from "./report-seed";

const SHOP = "exports-bench.myshopify.com";
type Mode = "baseline" | "csv" | "xlsx";

export interface ExportRun {
  mode: Mode;
  rows: number;
  bytes: number;
  seconds: number;
  /** Peak resident set size and heap used during the run, in MiB. */
  peakRssMiB: number;
  peakHeapMiB: number;
  /**
   * The largest heap still in use right after a full collection, forced every 20 pages or chunks:
   * what the run really holds, whatever the collector's laziness. It stays flat when rows are
   * not accumulated.
   */
  peakLiveHeapMiB: number;
  /** Heap used before the run started, in MiB. */
  startHeapMiB: number;
}

export interface ExportBenchResult {
  rows: number;
  baseline: ExportRun;
  csv: ExportRun;
  xlsx: ExportRun;
}

function migrate(url: string) {
  const cli = path.resolve("node_modules/prisma/build/index.js");
  execFileSync(process.execPath, [cli, "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

async function runChild(file: string, mode: Mode): Promise<ExportRun> {
  const owned = spawnOwnedNode(
    [
      "--expose-gc",
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      file,
      mode,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  owned.child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await owned.exited;
  const line = output.trim().split("\n").pop() ?? "";
  if (owned.child.exitCode !== 0 || !line.startsWith("{"))
    throw new Error(`the exports benchmark (${mode}) failed:\n${output}`);
  return JSON.parse(line) as ExportRun;
}

export async function measureExports(
  options: { rows?: number } = {},
): Promise<ExportBenchResult> {
  const rows = options.rows ?? 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-exports-bench-"));
  const file = path.join(dir, "exports.sqlite");
  try {
    migrate(`file:${file}`);
    seedLargeShop(file, {
      shop: SHOP,
      members: Math.max(1, Math.round(rows / 20)),
      entries: rows,
      now: new Date(),
    });
    const baseline = await runChild(file, "baseline");
    const csv = await runChild(file, "csv");
    const xlsx = await runChild(file, "xlsx");
    return { rows, baseline, csv, xlsx };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measureInProcess(file: string, mode: Mode): Promise<ExportRun> {
  const url = `file:${file}`;
  // The app's modules read DATABASE_URL when they load: load them only now, against this database.
  process.env.DATABASE_URL = url;
  process.env.LOYALTY_WORKER = "off";
  const { createPrismaClient } = await import("../app/db.server");
  globalThis.prismaGlobal = createPrismaClient(url);
  const { readReportRows } = await import("../app/models/report.server");
  const { exportReport } = await import("../app/services/report-export.server");
  // Warm the connection and the modules so that the run measures the rows.
  for await (const page of readReportRows(SHOP, {}, 10)) if (page) break;

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const startHeap = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = startHeap;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 10);
  let peakLive = startHeap;
  let steps = 0;
  const sampleLive = () => {
    steps += 1;
    if (!gc || steps % 20 !== 0) return;
    gc();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  };
  let rows = 0;
  let bytes = 0;
  const t0 = performance.now();
  if (mode === "baseline") {
    for await (const page of readReportRows(SHOP, {})) {
      rows += page.length;
      sample();
      sampleLive();
    }
  } else {
    const file = exportReport({
      shopDomain: SHOP,
      filter: {},
      format: mode,
      locale: "fr",
      timeZone: "Europe/Paris",
      name: "bench",
    });
    for await (const chunk of file.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      sample();
      sampleLive();
    }
    rows = -1;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  sample();
  await globalThis.prismaGlobal.$disconnect();
  const mib = (value: number) => value / 1024 / 1024;
  return {
    mode,
    rows,
    bytes,
    seconds,
    peakRssMiB: mib(peakRss),
    peakHeapMiB: mib(peakHeap),
    peakLiveHeapMiB: mib(peakLive),
    startHeapMiB: mib(startHeap),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  measureInProcess(process.argv[2], process.argv[3] as Mode).then(
    (result) => {
      console.log(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
