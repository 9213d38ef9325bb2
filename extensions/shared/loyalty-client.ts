/**
 * The customer-account and checkout extensions' door to the app (app/routes/customer-account.*,
 * app/routes/checkout.thank-you.tsx). Every call asks Shopify for a fresh session token (it caches
 * them) and sends it as a bearer token; the app takes the customer from the token, never from the
 * request. Plain functions over an injected `fetch` and token source, so they run in tests and in
 * the emulator's storefront as they run in Shopify's sandbox.
 */

export interface PointsName {
  one: string;
  other: string;
}

export interface LoyaltyProgram {
  name: string;
  pointsName: PointsName;
  iconUrl: string;
  active: boolean;
  comingSoon: string | null;
}

export interface HistoryRow {
  id: string;
  kind: string;
  points: number;
  description: string | null;
  createdAt: string;
}

export interface CustomerCode {
  id: string;
  rewardName: string;
  code: string | null;
  status: string;
  expiresAt: string | null;
  points: number;
}

export interface CatalogueReward {
  id: string;
  name: string;
  description: string;
  imageUrl: string | null;
  type: string;
  pointsCost: number;
  slider: { min: number; max: number; step: number } | null;
  available: boolean;
  reason: string | null;
  minimumSubtotal: string | null;
  conditions: string[];
  lockedTo: string[] | null;
}

export interface RewardsPageAnswer {
  program: LoyaltyProgram;
  me: {
    balance: number;
    pending: number;
    tier: { name: string } | null;
    history: HistoryRow[];
    redemptions: CustomerCode[];
  } | null;
  rewards: CatalogueReward[];
}

export type OrderPointsState = "posted" | "pending" | "processing" | "none";

export interface OrderPointsAnswer {
  program: LoyaltyProgram;
  state: OrderPointsState;
  points: number;
}

export interface ThankYouAnswer {
  program: LoyaltyProgram;
  customer: "member" | "customer" | "guest";
  state: OrderPointsState | "estimate";
  points: number;
  balance: number | null;
}

export interface RedemptionAnswer {
  redemption: {
    id: string;
    code: string;
    status: string;
    expiresAt: string | null;
    points: number;
    rewardName: string;
  };
  balance: number;
}

export type Outcome<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; code: string; message: string | null };

export interface LoyaltyClientOptions {
  /** The app's origin (shopify.app.toml `application_url`). */
  appUrl: string;
  /** `shopify.sessionToken.get`. */
  getToken: () => Promise<string>;
  /** The customer's language (`shopify.localization.language.value.isoCode`). */
  locale: string;
  fetch?: typeof fetch;
}

export function createLoyaltyClient(options: LoyaltyClientOptions) {
  const base = options.appUrl.replace(/\/$/, "");
  const doFetch = options.fetch ?? ((...args) => fetch(...args));

  async function call<T>(
    path: string,
    init: {
      method?: string;
      body?: unknown;
      query?: Record<string, string | null>;
    } = {},
  ): Promise<Outcome<T>> {
    const query = new URLSearchParams({ locale: options.locale });
    for (const [key, value] of Object.entries(init.query ?? {}))
      if (value !== null) query.set(key, value);
    let response: Response;
    try {
      const token = await options.getToken();
      response = await doFetch(`${base}${path}?${query}`, {
        method: init.method ?? "GET",
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          ...(init.body === undefined
            ? {}
            : { "Content-Type": "application/json" }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch {
      return { ok: false, status: 0, code: "network", message: null };
    }
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (response.ok && body && typeof body === "object")
      return { ok: true, status: response.status, data: body as T };
    const error = (
      body as { error?: { code?: unknown; message?: unknown } } | null
    )?.error;
    return {
      ok: false,
      status: response.status,
      code:
        typeof error?.code === "string"
          ? error.code
          : `http_${response.status}`,
      message: typeof error?.message === "string" ? error.message : null,
    };
  }

  return {
    rewardsPage: () => call<RewardsPageAnswer>("/customer-account/rewards"),
    redeem: (rewardId: string, idempotencyKey: string, points?: number) =>
      call<RedemptionAnswer>("/customer-account/redemptions", {
        method: "POST",
        body: {
          rewardId,
          idempotencyKey,
          ...(points === undefined ? {} : { points }),
        },
      }),
    orderPoints: (orderId: string) =>
      call<OrderPointsAnswer>(
        `/customer-account/orders/${encodeURIComponent(orderId)}`,
      ),
    thankYou: (input: { orderId: string | null; subtotal: string | null }) =>
      call<ThankYouAnswer>("/checkout/thank-you", { query: input }),
  };
}

export type LoyaltyClient = ReturnType<typeof createLoyaltyClient>;
