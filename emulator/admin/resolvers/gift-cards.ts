import { randomBytes } from "node:crypto";

import type { EmuGiftCard } from "../../state";
import { customerView } from "./customers";
import {
  type AdminRequestContext,
  type Args,
  formatDecimal,
  gidOf,
  moneyV2,
  nowIso,
  parseGid,
  type ResolverMap,
  toUnits,
  userError,
  type View,
} from "./support";

export function giftCardView(
  rc: AdminRequestContext,
  giftCard: EmuGiftCard,
): View {
  const currency = rc.shop.shop.currencyCode;
  const last = giftCard.code.slice(-4);
  const expired =
    giftCard.expiresOn !== null &&
    giftCard.expiresOn < rc.now.toISOString().slice(0, 10);
  return {
    __typename: "GiftCard",
    id: gidOf("GiftCard", giftCard.id),
    initialValue: moneyV2(toUnits(giftCard.initialValue), currency),
    balance: moneyV2(toUnits(giftCard.balance), currency),
    lastCharacters: last,
    maskedCode: `•••• •••• •••• ${last}`,
    enabled: giftCard.enabled,
    deactivatedAt: giftCard.deactivatedAt ?? null,
    isRedeemable: giftCard.enabled && !expired && toUnits(giftCard.balance) > 0,
    expiresOn: giftCard.expiresOn,
    note: giftCard.note,
    templateSuffix: null,
    createdAt: giftCard.createdAt,
    updatedAt: giftCard.deactivatedAt ?? giftCard.createdAt,
    order: null,
    lineItem: null,
    recipientAttributes: null,
    customer: () => {
      const customer =
        giftCard.customerId !== null
          ? rc.shop.customers.get(giftCard.customerId)
          : undefined;
      return customer ? customerView(rc, customer) : null;
    },
  };
}

/** Gift card codes: 8 to 20 letters and digits (Shopify's rule); generated ones are 16 long. */
function generateCode(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return [...randomBytes(16)]
    .map((byte) => alphabet[byte % alphabet.length])
    .join("");
}

function giftCardCreate(
  _root: unknown,
  args: Args,
  rc: AdminRequestContext,
): View {
  const input = args.input as {
    initialAmount?: { amount: string; currencyCode: string } | null;
    initialValue?: string | null;
    code?: string | null;
    customerId?: string | null;
    expiresOn?: string | null;
    note?: string | null;
    recipientAttributes?: unknown;
  };
  const errors: View[] = [];
  const error = (field: string[], message: string, code: string) =>
    errors.push(
      userError(["input", ...field], message, code, {
        __typename: "GiftCardUserError",
      }),
    );
  const currency = rc.shop.shop.currencyCode;

  const amount = input.initialAmount?.amount ?? input.initialValue ?? null;
  if (amount === null)
    error(["initialAmount"], "Initial amount is required", "MISSING_ARGUMENT");
  else if (toUnits(amount) <= 0)
    error(
      ["initialAmount", "amount"],
      "Initial value must be greater than 0",
      "GREATER_THAN",
    );
  if (input.initialAmount && input.initialAmount.currencyCode !== currency) {
    error(
      ["initialAmount", "currencyCode"],
      `Currency code must be the shop's currency (${currency})`,
      "INVALID",
    );
  }
  if (input.recipientAttributes)
    error(
      ["recipientAttributes"],
      "Gift card recipients are not supported by the emulator",
      "INVALID",
    );

  const code = input.code?.replace(/[\s-]/g, "") ?? null;
  if (code !== null) {
    if (code.length < 8)
      error(
        ["code"],
        "Code is too short (minimum is 8 characters)",
        "TOO_SHORT",
      );
    else if (code.length > 20)
      error(
        ["code"],
        "Code is too long (maximum is 20 characters)",
        "TOO_LONG",
      );
    else if (!/^[A-Za-z0-9]+$/.test(code))
      error(["code"], "Code can only contain letters and numbers", "INVALID");
    else if (
      [...rc.shop.giftCards.values()].some(
        (giftCard) => giftCard.code.toLowerCase() === code.toLowerCase(),
      )
    )
      error(["code"], "Code has already been taken", "TAKEN");
  }
  let customerId: number | null = null;
  if (input.customerId != null) {
    const parsed = parseGid(input.customerId);
    if (parsed?.type !== "Customer" || !rc.shop.customers.has(parsed.id))
      error(["customerId"], "Customer does not exist", "CUSTOMER_NOT_FOUND");
    else customerId = parsed.id;
  }
  if (errors.length > 0)
    return {
      __typename: "GiftCardCreatePayload",
      giftCard: null,
      giftCardCode: null,
      userErrors: errors,
    };

  const giftCard: EmuGiftCard = {
    id: rc.ctx.state.nextId(),
    code: code ?? generateCode(),
    initialValue: formatDecimal(amount!),
    balance: formatDecimal(amount!),
    customerId,
    expiresOn: input.expiresOn ?? null,
    note: input.note ?? null,
    enabled: true,
    createdAt: nowIso(rc),
  };
  rc.shop.giftCards.set(giftCard.id, giftCard);
  // The full code is only ever returned here, as on Shopify.
  return {
    __typename: "GiftCardCreatePayload",
    giftCard: giftCardView(rc, giftCard),
    giftCardCode: giftCard.code,
    userErrors: [],
  };
}

/**
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/giftCardDeactivate: the card stops
 * working for good. Deactivating a deactivated card changes nothing and is not an error.
 */
function giftCardDeactivate(
  _root: unknown,
  args: Args,
  rc: AdminRequestContext,
): View {
  const parsed = parseGid(args.id);
  const giftCard =
    parsed?.type === "GiftCard" ? rc.shop.giftCards.get(parsed.id) : undefined;
  if (!giftCard)
    return {
      __typename: "GiftCardDeactivatePayload",
      giftCard: null,
      userErrors: [
        userError(["id"], "Gift card does not exist", "GIFT_CARD_NOT_FOUND", {
          __typename: "GiftCardDeactivateUserError",
        }),
      ],
    };
  if (giftCard.enabled) {
    giftCard.enabled = false;
    giftCard.deactivatedAt = nowIso(rc);
  }
  return {
    __typename: "GiftCardDeactivatePayload",
    giftCard: giftCardView(rc, giftCard),
    userErrors: [],
  };
}

export const giftCardResolvers: ResolverMap = {
  QueryRoot: {
    giftCard: (_root: unknown, args: Args, rc: AdminRequestContext) => {
      const parsed = parseGid(args.id);
      const giftCard =
        parsed?.type === "GiftCard"
          ? rc.shop.giftCards.get(parsed.id)
          : undefined;
      return giftCard ? giftCardView(rc, giftCard) : null;
    },
  },
  Mutation: { giftCardCreate, giftCardDeactivate },
};
