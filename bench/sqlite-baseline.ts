/**
 * The baseline every webhook figure is divided by: raw single-row inserts into SQLite with the
 * app's settings (WAL, synchronous NORMAL), one autocommitted statement per row, measured on this
 * machine in the same run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

import { summarise } from "./stats";

export function measureSqliteInsertBaseline(rows = 20_000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-bench-"));
  const db = new Database(path.join(dir, "baseline.sqlite"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(
      "CREATE TABLE entry (id TEXT PRIMARY KEY, shop TEXT NOT NULL, points INTEGER NOT NULL, created_at TEXT NOT NULL)",
    );
    const insert = db.prepare(
      "INSERT INTO entry (id, shop, points, created_at) VALUES (?, ?, ?, ?)",
    );
    const samples: number[] = [];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < rows; i++) {
      const t0 = performance.now();
      insert.run(
        `e-${i}`,
        "bench.myshopify.com",
        i % 500,
        new Date().toISOString(),
      );
      samples.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      rowsPerSecond: rows / seconds,
      cpuMsPerRow: (cpu.user + cpu.system) / 1000 / rows,
      latency: summarise(samples),
    };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
