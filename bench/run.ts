/**
 * `npm run bench`: every benchmark, each printed as a ratio against a baseline measured in the same
 * run on the same machine. A benchmark, not a test: it reports, and says whether each target holds.
 */
import { fmt } from "./stats";
import { measureWebhookThroughput, WEBHOOK_TARGETS } from "./webhooks";
import { formatWidgetSize, measureWidgetSize } from "./widget-size";

const mark = (ok: boolean) => (ok ? "meets target" : "MISSES target");

async function main() {
  const only = process.argv.slice(2);
  const wants = (name: string) => only.length === 0 || only.includes(name);

  if (wants("webhooks")) {
    console.log("\n# Webhooks: signed orders/paid over HTTP into the built app");
    const w = await measureWebhookThroughput();
    console.log(`baseline   raw SQLite single-row inserts (WAL, synchronous=NORMAL): ${fmt(w.baselineInsertsPerSecond, 0)} rows/s`);
    console.log(`peak       ${fmt(w.peakWebhooksPerSecond, 0)} webhooks/s (closed loop, 16 in flight)`);
    console.log(`ratio      ${fmt(w.ratio, 3)} of the insert baseline (target ≥ ${WEBHOOK_TARGETS.minRatio})`);
    console.log(
      `half peak  ${fmt(w.steadyRatePerSecond, 0)}/s open loop: p50 ${fmt(w.latencyAtHalfPeak.p50)} ms, p99 ${fmt(w.latencyAtHalfPeak.p99)} ms (target p99 ≤ ${WEBHOOK_TARGETS.maxP99Ms} ms)`,
    );
    console.log(`processing ${fmt(w.processedPerSecond, 0)} webhooks/s turned into ledger entries behind the inbox (warm-up batch, alone)`);
    console.log(`→ ${mark(w.meetsTargets)}`);
  }

  if (wants("widget")) {
    console.log("\n# Storefront widget weight");
    const size = measureWidgetSize();
    console.log(formatWidgetSize(size));
    console.log(`→ ${mark(size.withinBudget)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
