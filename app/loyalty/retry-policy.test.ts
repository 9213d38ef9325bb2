import { describe, expect, it } from "vitest";

import {
  retriesExhausted,
  retryDelayMs,
  type RetryPolicy,
} from "./retry-policy";

const policy: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  maxAttempts: 5,
};

describe("retry policy", () => {
  it("doubles the wait after each failure, half fixed and half random", () => {
    expect(retryDelayMs(policy, 1, 0)).toBe(500);
    expect(retryDelayMs(policy, 1, 0.999_999)).toBe(1_000);
    expect(retryDelayMs(policy, 2, 0)).toBe(1_000);
    expect(retryDelayMs(policy, 3, 0.5)).toBe(3_000);
  });

  it("never waits longer than the cap", () => {
    expect(retryDelayMs(policy, 30, 0.999_999)).toBe(10_000);
    expect(retryDelayMs(policy, 30, 0)).toBe(5_000);
  });

  it("grows by the policy's factor when it has one", () => {
    const steep = { ...policy, factor: 4, maxDelayMs: 1_000_000 };
    expect(retryDelayMs(steep, 3, 0)).toBe(8_000);
  });

  it("stops after the allowed number of attempts", () => {
    expect(retriesExhausted(policy, 4)).toBe(false);
    expect(retriesExhausted(policy, 5)).toBe(true);
  });
});
