import { ClientError, GraphQLClient } from "graphql-request";

import { getEnv } from "~/env.server";
import { HttpResponseError } from "@shopify/shopify-api";

import { apiVersion, sessionStorage, unauthenticated } from "~/shopify.server";
import { retriesExhausted, type RetryPolicy } from "~/loyalty/retry-policy";
import { assertNetworkAllowed } from "~/models/transaction.server";
import { type AdminOperation } from "~/shopify/admin-operation";
import {
  type ShopifyGraphqlErrorDetail,
  ShopifyGraphqlError,
  ShopifyNotInstalledError,
  ShopifyThrottledError,
  ShopifyUnavailableError,
  ShopifyUserError,
  type ShopifyUserErrorDetail,
} from "~/shopify/errors.server";
import {
  createShopifyFetch,
  type FetchLike,
} from "~/shopify/shopify-fetch.server";

/**
 * The one door to the Admin API. Every operation goes through `runOperation`, which:
 * - authenticates with the shop's OFFLINE session (the worker has no user);
 * - waits and retries when Shopify's cost bucket is empty, as long as the wait is short;
 * - turns every failure into one typed error (errors.server.ts), userErrors included.
 * It never runs inside a database transaction: services write outbox rows, the worker calls this.
 */

export interface AdminRequestOptions {
  /** Defaults to the emulator-aware fetch (SHOPIFY_EMULATOR_URL), i.e. Shopify in production. */
  fetch?: FetchLike;
  /** How the client waits between throttled attempts (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
  /** Throttled answers retried in-process before giving up with ShopifyThrottledError. */
  maxThrottleRetries?: number;
  /** A wait longer than this is not done in-process: the caller reschedules instead. */
  maxThrottleWaitMs?: number;
  /** Per attempt. Shopify answers in well under a second; a hung socket must not hold the worker. */
  timeoutMs?: number;
}

const DEFAULTS = {
  maxThrottleRetries: 3,
  maxThrottleWaitMs: 5_000,
  timeoutMs: 15_000,
};

/** When Shopify says THROTTLED without a cost block (it always sends one, but do not spin). */
const FALLBACK_THROTTLE_WAIT_MS = 1_000;
/** Never retry sooner than this: the bucket restores continuously, not instantly. */
const MIN_THROTTLE_WAIT_MS = 50;

/**
 * Throttled answers waited out in-process, by the one retry policy (retry-policy.ts): how many
 * tries is ours; how long each wait is comes from Shopify (its cost bucket), never below the floor.
 */
function throttleRetryPolicy(
  maxRetries: number,
  maxWaitMs: number,
): RetryPolicy {
  return {
    baseDelayMs: MIN_THROTTLE_WAIT_MS,
    maxDelayMs: maxWaitMs,
    maxAttempts: maxRetries + 1,
  };
}

const sleepFor = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

export function adminGraphqlUrl(shop: string): string {
  return `https://${shop}/admin/api/${apiVersion}/graphql.json`;
}

/** The offline session id the library stores for a shop (`api.session.getOfflineId`). */
export function offlineSessionId(shop: string): string {
  return `offline_${shop}`;
}

/**
 * The shop's offline access token, refreshed first when it expires within five minutes: offline
 * tokens expire after an hour (`expiringOfflineAccessTokens`, shopify.server.ts) and the library's
 * `unauthenticated.admin` trades the refresh token for a new pair and stores it.
 * `forceRefresh`: Shopify refused the token (401) although our clock still trusted it.
 */
async function requireOfflineAccessToken(
  shop: string,
  operation: string,
  options: { forceRefresh?: boolean } = {},
): Promise<{ accessToken: string; refreshable: boolean }> {
  const stored = await sessionStorage.loadSession(offlineSessionId(shop));
  if (!stored?.accessToken)
    throw new ShopifyNotInstalledError(shop, "no offline session", {
      operation,
    });
  if (options.forceRefresh) {
    if (!stored.refreshToken)
      throw new ShopifyNotInstalledError(
        shop,
        "Shopify refused the access token (401)",
        { operation },
      );
    // The library refreshes a session it sees as expired: mark it long expired. Not the epoch
    // itself: the Prisma session storage reads an `expires` of 0 ms as no expiry at all.
    stored.expires = new Date(1_000);
    await sessionStorage.storeSession(stored);
  }
  try {
    const { session } = await unauthenticated.admin(shop);
    return {
      accessToken: session.accessToken ?? stored.accessToken,
      refreshable: Boolean(session.refreshToken),
    };
  } catch (error) {
    // The refresh call failed: the library reports an outage and a refused grant alike (a 500
    // Response), so it is retried like an outage and the job's attempt cap ends it.
    if (error instanceof Response || error instanceof HttpResponseError)
      throw new ShopifyUnavailableError(
        `Could not refresh the offline access token of ${shop}`,
        { shop, operation },
        { cause: error },
      );
    throw error;
  }
}

/** A GraphQLClient for one shop, authenticated with its offline token. */
export async function createAdminClient(
  shop: string,
  options: Pick<AdminRequestOptions, "fetch" | "timeoutMs"> = {},
): Promise<GraphQLClient> {
  const { accessToken } = await requireOfflineAccessToken(
    shop,
    "createAdminClient",
  );
  return buildClient(shop, accessToken, options);
}

function buildClient(
  shop: string,
  accessToken: string,
  options: Pick<AdminRequestOptions, "fetch" | "timeoutMs">,
) {
  const baseFetch =
    options.fetch ?? createShopifyFetch(getEnv().SHOPIFY_EMULATOR_URL);
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const fetchWithTimeout: FetchLike = (input, init) =>
    baseFetch(input, {
      ...init,
      signal: init?.signal ?? AbortSignal.timeout(timeoutMs),
    });
  return new GraphQLClient(adminGraphqlUrl(shop), {
    fetch: fetchWithTimeout,
    // Keep errors in the answer (rather than a thrown ClientError) to read THROTTLED and extensions.cost.
    errorPolicy: "all",
    headers: { "X-Shopify-Access-Token": accessToken },
  });
}

interface CostExtension {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: {
    maximumAvailable?: number;
    currentlyAvailable?: number;
    restoreRate?: number;
  };
}

/** How long until the bucket holds enough for this query: (requested − available) / restoreRate. */
export function throttleWaitMs(extensions: unknown): number {
  const cost = (extensions as { cost?: CostExtension } | undefined)?.cost;
  const requested = cost?.requestedQueryCost;
  const available = cost?.throttleStatus?.currentlyAvailable;
  const restoreRate = cost?.throttleStatus?.restoreRate;
  if (
    typeof requested !== "number" ||
    typeof available !== "number" ||
    !restoreRate ||
    restoreRate <= 0
  ) {
    return FALLBACK_THROTTLE_WAIT_MS;
  }
  const missing = Math.max(0, requested - available);
  return Math.max(
    MIN_THROTTLE_WAIT_MS,
    Math.ceil((missing / restoreRate) * 1000),
  );
}

interface RawGraphqlError {
  message?: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

function toErrorDetails(errors: unknown): ShopifyGraphqlErrorDetail[] {
  // Shopify sometimes sends `errors` as a string or an object (HTTP 4xx from its edge).
  if (typeof errors === "string") return [{ message: errors, code: null }];
  if (!Array.isArray(errors))
    return errors ? [{ message: JSON.stringify(errors), code: null }] : [];
  return (errors as RawGraphqlError[]).map((e) => ({
    message: e.message ?? "Unknown error",
    code: e.extensions?.code ?? null,
    ...(e.path ? { path: e.path } : {}),
  }));
}

/** Every mutation payload at the top level of `data` that carries non-empty userErrors. */
function collectUserErrors(data: unknown): ShopifyUserErrorDetail[] {
  if (!data || typeof data !== "object") return [];
  const found: ShopifyUserErrorDetail[] = [];
  for (const payload of Object.values(data)) {
    const userErrors = (payload as { userErrors?: unknown } | null)?.userErrors;
    if (!Array.isArray(userErrors)) continue;
    for (const e of userErrors as {
      field?: string[] | null;
      message?: string;
      code?: string | null;
    }[]) {
      found.push({
        field: e.field ?? null,
        message: e.message ?? "",
        code: e.code ?? null,
      });
    }
  }
  return found;
}

function retryAfterHeaderMs(headers: Headers | undefined): number | null {
  const value = headers?.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0
    ? Math.ceil(seconds * 1000)
    : null;
}

type Attempt<T> =
  { kind: "data"; data: T } | { kind: "throttled"; waitMs: number };

/**
 * Runs one operation for a shop. Returns its data, or throws one of:
 * ShopifyThrottledError, ShopifyUnavailableError, ShopifyUserError, ShopifyGraphqlError,
 * ShopifyNotInstalledError.
 */
export async function runOperation<TResult, TVariables>(
  shop: string,
  operation: AdminOperation<TResult, TVariables>,
  variables: TVariables,
  options: AdminRequestOptions = {},
): Promise<TResult> {
  // Never while a webhook batch holds the database (it is processed alone instead: ADR 0029).
  assertNetworkAllowed();
  const context = { shop, operation: operation.name };
  const token = await requireOfflineAccessToken(shop, operation.name);
  let client = buildClient(shop, token.accessToken, options);
  let refreshed = false;
  const sleep = options.sleep ?? sleepFor;
  const maxRetries = options.maxThrottleRetries ?? DEFAULTS.maxThrottleRetries;
  const maxWaitMs = options.maxThrottleWaitMs ?? DEFAULTS.maxThrottleWaitMs;
  const policy = throttleRetryPolicy(maxRetries, maxWaitMs);

  for (let attempt = 0; ; attempt++) {
    let outcome: Attempt<TResult>;
    try {
      outcome = await attemptOnce<TResult>(
        client,
        operation,
        variables,
        context,
      );
    } catch (error) {
      // An expired token Shopify refused before our clock said so: refresh once and try again.
      if (
        !(error instanceof ShopifyNotInstalledError) ||
        refreshed ||
        !token.refreshable
      )
        throw error;
      refreshed = true;
      const fresh = await requireOfflineAccessToken(shop, operation.name, {
        forceRefresh: true,
      });
      client = buildClient(shop, fresh.accessToken, options);
      attempt -= 1;
      continue;
    }
    if (outcome.kind === "data") return outcome.data;
    // A wait longer than the policy allows is not done in-process: the caller reschedules.
    if (
      retriesExhausted(policy, attempt + 1) ||
      outcome.waitMs > policy.maxDelayMs
    ) {
      throw new ShopifyThrottledError(outcome.waitMs, context);
    }
    await sleep(outcome.waitMs);
  }
}

async function attemptOnce<TResult>(
  client: GraphQLClient,
  operation: AdminOperation<TResult, unknown>,
  variables: unknown,
  context: { shop: string; operation: string },
): Promise<Attempt<TResult>> {
  let response: Awaited<ReturnType<GraphQLClient["rawRequest"]>>;
  try {
    response = await client.rawRequest<TResult>(
      operation.document,
      (variables ?? {}) as object,
    );
  } catch (error) {
    return translateTransportFailure(error, context);
  }

  const errors = toErrorDetails(response.errors);
  if (errors.some((e) => e.code === "THROTTLED")) {
    return { kind: "throttled", waitMs: throttleWaitMs(response.extensions) };
  }
  if (errors.some((e) => e.code === "INTERNAL_SERVER_ERROR")) {
    throw new ShopifyUnavailableError(
      `Shopify reported an internal error for ${context.operation}`,
      {
        ...context,
        status: response.status,
      },
    );
  }
  // A store that did not approve protected customer fields answers them with null and an error
  // each; the rest of the answer is good, and the app works without names and emails.
  if (errors.length > 0 && errors.every(isProtectedCustomerFieldError))
    errors.length = 0;
  if (errors.length > 0)
    throw new ShopifyGraphqlError(errors, {
      ...context,
      status: response.status,
    });
  if (response.data === undefined || response.data === null) {
    throw new ShopifyGraphqlError(
      [{ message: "The response carried no data", code: null }],
      {
        ...context,
        status: response.status,
      },
    );
  }
  const userErrors = collectUserErrors(response.data);
  if (userErrors.length > 0) throw new ShopifyUserError(userErrors, context);
  return { kind: "data", data: response.data as TResult };
}

/**
 * "This app is not approved to access the Customer object…" on one field (its path goes below
 * the root field): https://shopify.dev/docs/apps/launch/protected-customer-data
 */
function isProtectedCustomerFieldError(error: ShopifyGraphqlErrorDetail) {
  return (
    /^This app is not approved to (access|use)/.test(error.message) &&
    (error.path?.length ?? 0) > 1
  );
}

function translateTransportFailure(
  error: unknown,
  context: { shop: string; operation: string },
): Attempt<never> {
  if (error instanceof ClientError) {
    const status = error.response.status;
    const headers = (error.response as { headers?: Headers }).headers;
    if (status === 429) {
      // REST-style rate limit at Shopify's edge: same treatment as THROTTLED.
      return {
        kind: "throttled",
        waitMs: retryAfterHeaderMs(headers) ?? FALLBACK_THROTTLE_WAIT_MS,
      };
    }
    if (status === 401)
      throw new ShopifyNotInstalledError(
        context.shop,
        "Shopify refused the access token (401)",
        context,
      );
    // 5xx: Shopify's side. 402 (shop frozen for payment) and 423 (shop locked) pass with time.
    if (status >= 500 || status === 402 || status === 423) {
      throw new ShopifyUnavailableError(
        `Shopify answered HTTP ${status} to ${context.operation}`,
        {
          ...context,
          status,
          retryAfterMs: retryAfterHeaderMs(headers),
        },
      );
    }
    throw new ShopifyGraphqlError(toErrorDetails(error.response.errors), {
      ...context,
      status,
    });
  }
  const name = (error as { name?: string } | null)?.name;
  const timedOut = name === "TimeoutError" || name === "AbortError";
  const reason = error instanceof Error ? error.message : String(error);
  throw new ShopifyUnavailableError(
    timedOut
      ? `${context.operation} timed out`
      : `${context.operation} could not reach Shopify: ${reason}`,
    { ...context, timedOut },
    { cause: error },
  );
}
