/**
 * Typed failures of the Admin API door (app/shopify). Callers decide on the type, never on
 * a message: the worker retries `ShopifyThrottledError` and `ShopifyUnavailableError` later,
 * and treats the others as final (or, for `ShopifyNotInstalledError`, as "stop for this shop").
 *
 * `userErrors` become `ShopifyUserError` in admin-client.server.ts and nowhere else.
 */

export interface ShopifyUserErrorDetail {
  field: string[] | null;
  message: string;
  code: string | null;
}

interface ShopifyErrorContext {
  shop?: string;
  operation?: string;
}

export class ShopifyError extends Error {
  readonly shop: string | undefined;
  readonly operation: string | undefined;

  constructor(
    message: string,
    context: ShopifyErrorContext = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.shop = context.shop;
    this.operation = context.operation;
  }
}

/** Shopify's cost bucket is empty (THROTTLED, or HTTP 429) and waiting in-process would take too long. */
export class ShopifyThrottledError extends ShopifyError {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, context: ShopifyErrorContext = {}) {
    super(
      `Shopify throttled ${context.operation ?? "the request"}; retry in ${retryAfterMs} ms`,
      context,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Shopify could not be reached or failed on its side (network error, timeout, 5xx, internal error).
 * After a timeout a mutation may have been applied: every operation the app sends is safe to repeat.
 */
export class ShopifyUnavailableError extends ShopifyError {
  readonly status: number | null;
  readonly timedOut: boolean;
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    details: {
      status?: number | null;
      timedOut?: boolean;
      retryAfterMs?: number | null;
    } & ShopifyErrorContext = {},
    options?: ErrorOptions,
  ) {
    super(message, details, options);
    this.status = details.status ?? null;
    this.timedOut = details.timedOut ?? false;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}

/** The mutation ran and Shopify refused the input (`userErrors`). Repeating it unchanged fails the same way. */
export class ShopifyUserError extends ShopifyError {
  readonly userErrors: ShopifyUserErrorDetail[];

  constructor(
    userErrors: ShopifyUserErrorDetail[],
    context: ShopifyErrorContext = {},
  ) {
    const summary = userErrors
      .map((e) => `${e.code ?? "ERROR"}: ${e.message}`)
      .join("; ");
    super(
      `${context.operation ?? "Mutation"} returned userErrors: ${summary}`,
      context,
    );
    this.userErrors = userErrors;
  }

  /** True when every userError has one of these codes (e.g. TAKEN: the thing already exists). */
  onlyCodes(...codes: string[]): boolean {
    return (
      this.userErrors.length > 0 &&
      this.userErrors.every((e) => e.code !== null && codes.includes(e.code))
    );
  }
}

export interface ShopifyGraphqlErrorDetail {
  message: string;
  code: string | null;
  path?: (string | number)[];
}

/** Shopify rejected the request itself (invalid query or variables, access denied, cost too high): a bug, not an outage. */
export class ShopifyGraphqlError extends ShopifyError {
  readonly errors: ShopifyGraphqlErrorDetail[];
  readonly status: number | null;

  constructor(
    errors: ShopifyGraphqlErrorDetail[],
    details: { status?: number | null } & ShopifyErrorContext = {},
  ) {
    const summary = errors
      .map((e) => (e.code ? `${e.code}: ${e.message}` : e.message))
      .join("; ");
    super(
      `${details.operation ?? "Request"} failed: ${summary || `HTTP ${details.status ?? "?"}`}`,
      details,
    );
    this.errors = errors;
    this.status = details.status ?? null;
  }
}

/** No offline session for the shop (never installed, or uninstalled), or Shopify refused its token (401). */
export class ShopifyNotInstalledError extends ShopifyError {
  constructor(
    shop: string,
    reason = "no offline session",
    context: Omit<ShopifyErrorContext, "shop"> = {},
  ) {
    super(`The app is not installed on ${shop} (${reason})`, {
      ...context,
      shop,
    });
  }
}

/** Worth trying again later: the same call may succeed once Shopify recovers or the bucket refills. */
export function isRetryableShopifyError(
  error: unknown,
): error is ShopifyThrottledError | ShopifyUnavailableError {
  return (
    error instanceof ShopifyThrottledError ||
    error instanceof ShopifyUnavailableError
  );
}

/** How long to wait before trying again, when Shopify said so. */
export function retryAfterMsOf(error: unknown): number | null {
  if (error instanceof ShopifyThrottledError) return error.retryAfterMs;
  if (error instanceof ShopifyUnavailableError) return error.retryAfterMs;
  return null;
}
