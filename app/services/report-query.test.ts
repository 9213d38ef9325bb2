import { describe, expect, it } from "vitest";

import {
  parseReportCursor,
  parseReportQuery,
  reportCursorParam,
  reportFilterOf,
} from "~/services/report-query";

describe("the report's URL", () => {
  it("keeps the good filters and drops the bad ones", () => {
    const query = parseReportQuery(
      new URLSearchParams(
        "q=ada&from=2026-02-30&to=2026-03-01&kind=earned,order_award,expired&owed=1",
      ),
    );
    expect(query).toEqual({
      q: "ada",
      from: "",
      to: "2026-03-01",
      kind: ["earned", "expired"],
      rule: "",
      owed: true,
    });
    const filter = reportFilterOf(query, "Europe/Paris");
    expect(filter.from).toBeNull();
    // The day after the last day, at midnight in Paris.
    expect(filter.to?.toISOString()).toBe("2026-03-01T23:00:00.000Z");
  });

  it("round-trips a page cursor and refuses a malformed one", () => {
    const row = { createdAt: new Date("2026-03-01T10:00:00Z"), id: "cabc123" };
    expect(parseReportCursor(reportCursorParam(row))).toEqual(row);
    expect(parseReportCursor("1_x;drop")).toBeNull();
    expect(parseReportCursor(null)).toBeNull();
  });
});
