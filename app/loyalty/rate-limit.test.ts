import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  REDEMPTION_RATE_LIMITS,
  allowRedemption,
  pruneHistory,
  retryAfterSeconds,
} from "~/loyalty/rate-limit";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const at = (secondsAgo: number) => NOW.getTime() - secondsAgo * 1000;
const perMinute = { max: 3, windowMs: 60_000 };

describe("allowRedemption", () => {
  it("allows up to the limit within the window, then refuses with the wait until the oldest ages out", () => {
    expect(allowRedemption([], NOW, perMinute)).toEqual({ allowed: true });
    expect(allowRedemption([at(50), at(10)], NOW, perMinute)).toEqual({
      allowed: true,
    });
    expect(allowRedemption([at(10), at(50), at(30)], NOW, perMinute)).toEqual({
      allowed: false,
      retryAfterMs: 10_000,
      limit: perMinute,
    });
  });

  it("forgets attempts exactly one window old", () => {
    expect(allowRedemption([at(60), at(30), at(10)], NOW, perMinute)).toEqual({
      allowed: true,
    });
    expect(
      allowRedemption([at(59.999), at(30), at(10)], NOW, perMinute),
    ).toMatchObject({ allowed: false, retryAfterMs: 1 });
  });

  it("waits for enough attempts to age out when far over the limit", () => {
    const history = [at(55), at(50), at(40), at(20), at(5)];
    // Five attempts, three allowed: three must leave before a fourth fits, the third was 40 s ago.
    expect(allowRedemption(history, NOW, perMinute)).toMatchObject({
      allowed: false,
      retryAfterMs: 20_000,
    });
  });

  it("accepts Dates, and counts attempts from a clock running ahead", () => {
    const history = [
      new Date(at(1)),
      new Date(at(2)),
      new Date(NOW.getTime() + 5_000),
    ];
    expect(allowRedemption(history, NOW, perMinute)).toMatchObject({
      allowed: false,
      retryAfterMs: 58_000,
    });
  });

  it("applies every limit and reports the longest wait", () => {
    const daily = { max: 4, windowMs: 86_400_000 };
    const history = [at(7200), at(3600), at(50), at(10)];
    expect(allowRedemption(history, NOW, [perMinute, daily])).toEqual({
      allowed: false,
      retryAfterMs: 86_400_000 - 7_200_000,
      limit: daily,
    });
    expect(allowRedemption(history.slice(1), NOW, [perMinute, daily])).toEqual({
      allowed: true,
    });
  });

  it("refuses a nonsense limit as a bug", () => {
    expect(() => allowRedemption([], NOW, { max: 0, windowMs: 1000 })).toThrow(
      /Invalid rate limit/,
    );
  });

  it("has default limits that allow a first redemption and stop a burst", () => {
    expect(allowRedemption([], NOW, REDEMPTION_RATE_LIMITS)).toEqual({
      allowed: true,
    });
    const burst = Array.from({ length: 5 }, (_, i) => at(i));
    expect(allowRedemption(burst, NOW, REDEMPTION_RATE_LIMITS).allowed).toBe(
      false,
    );
  });

  it("property: following the decisions never lets more than max attempts into any window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 80 }),
        (max, windowMs, gaps) => {
          const limit = { max, windowMs };
          const accepted: number[] = [];
          let t = 0;
          for (const gap of gaps) {
            t += gap;
            const decision = allowRedemption(accepted, new Date(t), limit);
            if (decision.allowed) accepted.push(t);
            else {
              // Waiting exactly retryAfterMs is enough, one millisecond less is not.
              expect(
                allowRedemption(
                  accepted,
                  new Date(t + decision.retryAfterMs),
                  limit,
                ).allowed,
              ).toBe(true);
              if (decision.retryAfterMs > 1) {
                expect(
                  allowRedemption(
                    accepted,
                    new Date(t + decision.retryAfterMs - 1),
                    limit,
                  ).allowed,
                ).toBe(false);
              }
            }
          }
          for (const start of accepted) {
            expect(
              accepted.filter((x) => x >= start && x < start + windowMs).length,
            ).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });
});

describe("retryAfterSeconds and pruneHistory", () => {
  it("rounds the wait up to whole seconds, at least one", () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
  });

  it("keeps only attempts inside the longest window, oldest first", () => {
    expect(
      pruneHistory(
        [at(10), new Date(at(90_000)), at(86_400), at(3600)],
        NOW,
        REDEMPTION_RATE_LIMITS,
      ),
    ).toEqual([at(3600), at(10)]);
  });
});
