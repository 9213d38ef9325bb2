import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { measureWidgetSize, WIDGET_BUDGET } from "../../bench/widget-size";

const BLOCKS = path.resolve(
  import.meta.dirname,
  "../../extensions/loyalty-widget/blocks",
);

describe("the storefront widget's budget", () => {
  it("keeps the embed's initial JS under 10,000 bytes gzipped and all CSS under 10 KB", () => {
    const size = measureWidgetSize();
    expect(size.embedJs.gzipBytes).toBeLessThanOrEqual(
      WIDGET_BUDGET.embedJsGzipBytes,
    );
    expect(size.blockJs.gzipBytes).toBeLessThanOrEqual(
      WIDGET_BUDGET.blockJsGzipBytes,
    );
    expect(size.css.gzipBytes).toBeLessThanOrEqual(WIDGET_BUDGET.cssGzipBytes);
    expect(size.withinBudget).toBe(true);
  });

  it("loads every script deferred, never render-blocking", () => {
    for (const file of fs.readdirSync(BLOCKS)) {
      const source = fs.readFileSync(path.join(BLOCKS, file), "utf8");
      for (const tag of source.match(/<script\b[^>]*\bsrc=[^>]*>/g) ?? [])
        expect(tag, file).toMatch(/\bdefer\b/);
    }
  });
});
