import { createEmulatorState, type EmulatorState } from "./state";

/** How the emulator plays Shopify for one app. */
export interface EmulatorConfig {
  /** The app's client id and secret: session tokens, webhook and app-proxy signatures use them. */
  apiKey: string;
  apiSecret: string;
  /** Where the app listens (webhook URIs in shopify.app.toml are relative to it). */
  appUrl: string;
  /** Where the emulator itself listens, e.g. http://localhost:4000. */
  publicUrl: string;
  apiVersion: string;
  /** Path to shopify.app.toml, for webhook subscriptions and the app proxy. */
  appTomlPath: string;
  throttle: { maximumAvailable: number; restoreRate: number };
  /**
   * Protected customer data the app was approved for (Partner Dashboard): "level2" (default) with
   * names, emails, phones and addresses; "level1" without them (emulator/admin/protected-data.ts).
   */
  protectedCustomerData?: "level1" | "level2";
}

/** One Admin API request the emulator received, for tests and the inspection endpoint. */
export interface AdminCall {
  seq: number;
  at: string;
  shop: string;
  apiVersion: string;
  operationName: string | null;
  /** "query" | "mutation" | null when the document could not be parsed. */
  operationType: string | null;
  query: string;
  variables: Record<string, unknown>;
  status: number;
  /** Top-level error codes returned, e.g. ["THROTTLED"], and userErrors messages. */
  errors: string[];
  userErrors: unknown[];
  fault: string | null;
}

/** Faults to inject on Admin GraphQL requests. Rates are 0..1; the generator is seeded for repeatable runs. */
export interface FaultPlan {
  latencyMs: number;
  serverErrorRate: number;
  /** The mutation is applied, then the request hangs and fails (the client sees a timeout or reset). */
  timeoutAfterSuccessRate: number;
  /** Restrict faults to these operation names (empty: all operations). */
  operations: string[];
  seed: number;
}

export interface EmulatorContext {
  config: EmulatorConfig;
  state: EmulatorState;
  adminCalls: AdminCall[];
  faults: FaultPlan;
}

export const NO_FAULTS: FaultPlan = {
  latencyMs: 0,
  serverErrorRate: 0,
  timeoutAfterSuccessRate: 0,
  operations: [],
  seed: 1,
};

export function createEmulatorContext(
  config: EmulatorConfig,
  state: EmulatorState = createEmulatorState(),
): EmulatorContext {
  return { config, state, adminCalls: [], faults: { ...NO_FAULTS } };
}
