import type { EmulatorContext, FaultPlan } from "../context";

/**
 * Injected Admin API faults, drawn from a generator seeded by the plan so a run repeats exactly.
 * Changing the plan (a new object, or editing it in place as the control API does) starts the
 * sequence again from its seed; requests the plan does not cover draw nothing, so they do not
 * shift the sequence.
 */
export type FaultOutcome =
  | { kind: "none" }
  | { kind: "server_error"; status: 502 | 503 }
  | { kind: "timeout_after_success" };

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome;
  /** How the call log names it: "latency", "502", "503", "timeout_after_success", or null. */
  label: string | null;
}

const generators = new WeakMap<
  FaultPlan,
  { signature: string; random: () => number }
>();

/** mulberry32: tiny, fast and good enough to pick faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomFor(plan: FaultPlan): () => number {
  const signature = JSON.stringify([
    plan.seed,
    plan.serverErrorRate,
    plan.timeoutAfterSuccessRate,
    plan.latencyMs,
    plan.operations,
  ]);
  let entry = generators.get(plan);
  if (!entry || entry.signature !== signature) {
    entry = { signature, random: seededRandom(plan.seed) };
    generators.set(plan, entry);
  }
  return entry.random;
}

/** `names`: the operation name and the root field names; a plan listing operations covers a request naming any of them. */
export function decideFault(
  ctx: EmulatorContext,
  names: (string | null)[],
): FaultDecision {
  const plan = ctx.faults;
  const covered =
    plan.operations.length === 0 ||
    names.some((name) => name !== null && plan.operations.includes(name));
  const none: FaultDecision = {
    latencyMs: 0,
    outcome: { kind: "none" },
    label: null,
  };
  if (!covered) return none;
  const latencyMs = Math.max(0, plan.latencyMs);
  if (plan.serverErrorRate <= 0 && plan.timeoutAfterSuccessRate <= 0) {
    return {
      latencyMs,
      outcome: { kind: "none" },
      label: latencyMs > 0 ? "latency" : null,
    };
  }
  const random = randomFor(plan);
  const roll = random();
  if (roll < plan.serverErrorRate) {
    const status = random() < 0.5 ? 502 : 503;
    return {
      latencyMs,
      outcome: { kind: "server_error", status },
      label: String(status),
    };
  }
  if (roll < plan.serverErrorRate + plan.timeoutAfterSuccessRate) {
    return {
      latencyMs,
      outcome: { kind: "timeout_after_success" },
      label: "timeout_after_success",
    };
  }
  return {
    latencyMs,
    outcome: { kind: "none" },
    label: latencyMs > 0 ? "latency" : null,
  };
}
