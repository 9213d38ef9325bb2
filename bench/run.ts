/**
 * `npm run bench [webhooks|inbox|ledger|ledger-postgres|redemption|widget|lighthouse|emails|exports|admin-pages …]`: every benchmark (or the ones named), each printed as a ratio against a baseline measured in the same
 * run on the same machine. A benchmark, not a test: it reports, and says whether each target holds.
 */
import { ADMIN_PAGE_TARGETS, measureAdminPages } from "./admin-pages";
import { EMAIL_TARGETS, measureEmailDelivery } from "./emails";
import { measureExports } from "./exports";
import { postgresBinDir } from "../scripts/postgres-cluster";
import {
  LEDGER_GROWTH_TARGETS,
  measureLedgerGrowth,
  type LedgerGrowthResult,
} from "./ledger-growth";
import { measurePostgresLedgerGrowth } from "./ledger-growth-postgres";
import { measureRedemptionOverhead, REDEMPTION_TARGETS } from "./redemption";
import { fmt } from "./stats";
import {
  formatLighthouse,
  measureStorefrontLighthouse,
} from "./storefront-lighthouse";
import { INBOX_TARGETS, measureInboxKeepsUp } from "./inbox-keeps-up";
import { measureWebhookThroughput, WEBHOOK_TARGETS } from "./webhooks";
import { formatWidgetSize, measureWidgetSize } from "./widget-size";

const mark = (ok: boolean) => (ok ? "meets target" : "MISSES target");

async function main() {
  const only = process.argv.slice(2);
  const wants = (name: string) => only.length === 0 || only.includes(name);

  if (wants("webhooks")) {
    console.log(
      "\n# Webhooks: signed orders/paid over HTTP into the built app",
    );
    const w = await measureWebhookThroughput();
    console.log(
      `peak       ${fmt(w.peakWebhooksPerSecond, 0)} webhooks/s acknowledged (closed loop, 16 in flight, verified and stored)`,
    );
    console.log(
      `half peak  ${fmt(w.steadyRatePerSecond, 0)}/s open loop: p50 ${fmt(w.latencyAtHalfPeak.p50)} ms, p99 ${fmt(w.latencyAtHalfPeak.p99)} ms (target p99 ≤ ${WEBHOOK_TARGETS.maxP99Ms} ms)`,
    );
    console.log(
      `baseline A raw single-row inserts over HTTP (node:http + better-sqlite3, same client and bodies): ${fmt(w.httpBaselinePerSecond, 0)}/s`,
    );
    console.log(
      `           ratio ${fmt(w.httpRatio, 3)} (target ≥ ${WEBHOOK_TARGETS.minRatio})`,
    );
    console.log(
      `baseline B raw single-row inserts in-process (no HTTP): ${fmt(w.baselineInsertsPerSecond, 0)} rows/s`,
    );
    console.log(
      `           ratio ${fmt(w.ratio, 3)} (the same target; HTTP alone costs more than this baseline allows)`,
    );
    console.log(
      `cpu        app ${fmt(w.appCpuMsPerWebhook, 3)} ms per webhook; HTTP baseline ${fmt(w.httpBaselineCpuMsPerRequest, 3)} ms per request (ratio ${fmt(w.httpBaselineCpuMsPerRequest / w.appCpuMsPerWebhook, 3)}); in-process insert ${fmt(w.baselineCpuMsPerInsert, 4)} ms`,
    );
    console.log(
      `processing ${fmt(w.processedPerSecond, 0)} webhooks/s turned into ledger entries behind the inbox (warm-up batch, alone)`,
    );
    console.log(
      `→ ${mark(w.meetsTargets)} against baseline A; ${mark(w.meetsStrictTargets)} against baseline B`,
    );
  }

  if (wants("inbox") || wants("webhooks")) {
    console.log(
      "\n# Webhook inbox: processed per second behind the door against acknowledged per second at it",
    );
    for (const database of ["sqlite", "postgres"] as const) {
      const r = await measureInboxKeepsUp(database);
      console.log(
        `${database.padEnd(8)} door ${fmt(r.acknowledgedPerSecond, 0)} webhooks/s acknowledged (drain off, closed loop, 16 in flight)`,
      );
      console.log(
        `${"".padEnd(8)} processed ${r.processedPerSecond.map((rate, i) => `${fmt(rate, 0)}/s with ${i + 1} instance${i ? "s" : ""}`).join(", ")} (npm run worker, backlog alone)`,
      );
      console.log(
        `${"".padEnd(8)} ratio ${fmt(r.ratio, 3)} (target ≥ ${INBOX_TARGETS.minRatio})${
          r.twoInstanceSpeedup === null
            ? ""
            : `; 2 instances ${fmt(r.twoInstanceSpeedup, 2)}× one (target ≥ ${INBOX_TARGETS.minTwoInstanceSpeedup})`
        }`,
      );
      if (r.oneInstance)
        console.log(
          `${"".padEnd(8)} one instance and its server kept ${fmt(r.oneInstance.busyCores, 2)} of the machine's ${r.oneInstance.cores} cores busy: ` +
            `two instances sharing those cores can reach at most ${fmt(r.oneInstance.ceiling, 2)}× one here`,
        );
      if (r.capped && "unavailable" in r.capped)
        console.log(
          `${"".padEnd(8)} capped instances not measured: ${r.capped.unavailable}`,
        );
      else if (r.capped)
        console.log(
          `${"".padEnd(8)} each instance capped at ${r.capped.cores} core (cgroup), so the server has CPU of its own: ` +
            `${fmt(r.capped.processedPerSecond[0], 0)}/s with 1, ${fmt(r.capped.processedPerSecond[1], 0)}/s with 2 → ${fmt(r.capped.speedup, 2)}× ` +
            "(how instances scale when CPU is not shared; not the target's measure)",
        );
    }
  }

  const printLedgerGrowth = (g: LedgerGrowthResult) => {
    console.log(
      `balance read p99: ${fmt(g.small.balanceRead.p99, 3)} ms at ${g.small.entries} entries, ${fmt(g.large.balanceRead.p99, 3)} ms at ${g.large.entries}`,
    );
    console.log(
      `           ratio ${fmt(g.readP99Ratio, 2)} (target ≤ ${LEDGER_GROWTH_TARGETS.maxReadP99Ratio})`,
    );
    console.log(
      `awards: ${fmt(g.small.awardsPerSecond, 0)}/s at ${g.small.entries} entries, ${fmt(g.large.awardsPerSecond, 0)}/s at ${g.large.entries}`,
    );
    console.log(
      `           ratio ${fmt(g.awardThroughputRatio, 2)} (target ≥ ${LEDGER_GROWTH_TARGETS.minAwardThroughputRatio})`,
    );
    console.log(`seeding    ${fmt(g.seedSeconds, 1)} s`);
    console.log(`→ ${mark(g.meetsTargets)}`);
  };

  if (wants("ledger")) {
    console.log(
      "\n# Ledger growth: the same reads and awards at 1,000 and at 1,000,000 entries",
    );
    printLedgerGrowth(await measureLedgerGrowth());
  }

  if (wants("ledger") || only.includes("ledger-postgres")) {
    console.log(
      "\n# Ledger growth on PostgreSQL: the same measure on a throwaway cluster",
    );
    let binaries = true;
    try {
      postgresBinDir();
    } catch (error) {
      binaries = false;
      console.log(`skipped: ${String(error)}`);
    }
    if (binaries) printLedgerGrowth(await measurePostgresLedgerGrowth());
  }

  if (wants("redemption")) {
    console.log(
      "\n# Redemption through the app proxy, against the emulator's own mint latency",
    );
    const r = await measureRedemptionOverhead();
    console.log(
      `emulator mint alone (discountCodeBasicCreate over HTTP): p50 ${fmt(r.emulatorMint.p50)} ms, p95 ${fmt(r.emulatorMint.p95)} ms`,
    );
    console.log(
      `POST /proxy/api/redemptions answered:                    p50 ${fmt(r.post.p50)} ms, p95 ${fmt(r.post.p95)} ms`,
    );
    console.log(
      `POST until the code exists at the emulator:              p50 ${fmt(r.codeMinted.p50)} ms, p95 ${fmt(r.codeMinted.p95)} ms`,
    );
    console.log(
      `overhead over the emulator's mint: p50 ${fmt(r.overheadP50)} ms, p95 ${fmt(r.overheadP95)} ms (target p95 ≤ ${REDEMPTION_TARGETS.maxP95OverheadMs} ms)`,
    );
    console.log(`→ ${mark(r.meetsTargets)}`);
  }

  if (wants("widget")) {
    console.log("\n# Storefront widget weight");
    const size = measureWidgetSize();
    console.log(formatWidgetSize(size));
    console.log(`→ ${mark(size.withinBudget)}`);
  }

  if (wants("lighthouse")) {
    console.log(
      "\n# Lighthouse performance of the emulator's storefront, with and without the app's blocks",
    );
    const l = await measureStorefrontLighthouse();
    console.log(formatLighthouse(l));
    console.log(`→ ${mark(l.meetsTarget)}`);
  }

  if (wants("emails")) {
    // EMAILS_BENCH_PENDING: a smaller outbox on a loaded machine (the figure printed says which).
    const pending = Number(process.env.EMAILS_BENCH_PENDING ?? 10_000);
    console.log(
      `\n# Emails: the outbox at ${pending.toLocaleString("en")} pending, delivered through a local SMTP server`,
    );
    const e = await measureEmailDelivery({ pending });
    console.log(
      `worker     ${fmt(e.workerPerSecond, 0)} emails/s (${e.workerSent} rendered, signed, sent and recorded in ${fmt(e.workerSeconds, 1)} s)`,
    );
    console.log(
      `baseline   ${fmt(e.baselinePerSecond, 0)} emails/s raw nodemailer sends of the same size to the same server (${e.baselineSent} in ${fmt(e.baselineSeconds, 1)} s)`,
    );
    console.log(
      `           ratio ${fmt(e.ratio, 3)} (target ≥ ${EMAIL_TARGETS.minRatio})`,
    );
    console.log(`→ ${mark(e.meetsTargets)}`);
  }

  if (wants("exports")) {
    // EXPORTS_BENCH_ROWS: a smaller report on a loaded machine (the figure printed says which).
    const rows = Number(process.env.EXPORTS_BENCH_ROWS ?? 100_000);
    console.log(
      `\n# Exports: the points report of ${rows.toLocaleString("en")} entries as CSV and .xlsx, streamed, against reading the same rows`,
    );
    const x = await measureExports({ rows });
    const line = (label: string, run: typeof x.baseline) =>
      `${label} ${fmt(run.seconds, 2)} s, peak heap ${fmt(run.peakHeapMiB, 1)} MiB (live after GC ${fmt(run.peakLiveHeapMiB, 1)}, from ${fmt(run.startHeapMiB, 1)}), peak RSS ${fmt(run.peakRssMiB, 0)} MiB${run.bytes ? `, ${fmt(run.bytes / 1024 / 1024, 1)} MiB written` : ""}`;
    console.log(line("baseline   read only:", x.baseline));
    for (const run of [x.csv, x.xlsx]) {
      console.log(line(`${run.mode.padEnd(10)} export:   `, run));
      console.log(
        `           ratio to baseline: time ${fmt(run.seconds / x.baseline.seconds, 2)}, peak heap ${fmt(run.peakHeapMiB / x.baseline.peakHeapMiB, 2)}, live heap ${fmt(run.peakLiveHeapMiB / x.baseline.peakLiveHeapMiB, 2)}, peak RSS ${fmt(run.peakRssMiB / x.baseline.peakRssMiB, 2)}`,
      );
    }
  }

  if (wants("admin-pages")) {
    console.log(
      "\n# Admin pages in Chromium: lab LCP and CLS with 10,000 members and 200,000 ledger entries",
    );
    const a = await measureAdminPages();
    for (const page of a.pages)
      console.log(
        `${page.name.padEnd(8)} LCP median ${fmt(page.lcpMs, 0)} ms (runs ${page.lcpRuns.map((v) => fmt(v, 0)).join(", ")}), CLS ${fmt(page.cls, 3)}`,
      );
    console.log(
      `targets LCP ≤ ${ADMIN_PAGE_TARGETS.maxLcpMs} ms, CLS ≤ ${ADMIN_PAGE_TARGETS.maxCls} (Shopify's bar: 2,500 ms, 0.1)`,
    );
    console.log(`→ ${mark(a.meetsTargets)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
