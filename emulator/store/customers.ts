import type { EmulatorContext } from "../context";
import type { EmuCustomer, ShopState } from "../state";
import {
  type DeliveryOptions,
  emitWebhooks,
  type WebhookDelivery,
} from "./deliver";
import { customerPayload } from "./payloads";
import { requireCustomer, StoreActionError, storeShop } from "./shop";

export type EmailMarketingState =
  "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING";

export interface CreateCustomerInput {
  shop: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  tags?: string[];
  verifiedEmail?: boolean;
  emailMarketing?: EmailMarketingState;
}

export interface UpdateCustomerInput {
  shop: string;
  customerId: number;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  tags?: string[];
  verifiedEmail?: boolean;
  emailMarketing?: EmailMarketingState;
}

export interface CustomerActionResult {
  customer: EmuCustomer;
  payload: Record<string, unknown>;
  deliveries: WebhookDelivery[];
}

/** A shopper signs up (or the merchant adds them): customers/create. */
export async function createCustomer(
  ctx: EmulatorContext,
  input: CreateCustomerInput,
  delivery: DeliveryOptions = {},
): Promise<CustomerActionResult> {
  const shop = storeShop(ctx, input.shop);
  const customer = addCustomer(ctx, shop, input);
  const payload = customerPayload(shop, customer);
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    [
      {
        topic: "customers/create",
        payload,
        resource: { customerId: customer.id },
      },
    ],
    delivery,
  );
  return { customer, payload, deliveries };
}

/** The state change alone; the caller sends customers/create (placeOrder does it with the order's webhooks). */
export function addCustomer(
  ctx: EmulatorContext,
  shop: ShopState,
  input: Omit<CreateCustomerInput, "shop">,
): EmuCustomer {
  const email = normaliseEmail(input.email);
  if (
    email &&
    [...shop.customers.values()].some((customer) => customer.email === email)
  ) {
    // Shopify refuses a second customer with the same email ("Email has already been taken").
    throw new StoreActionError(
      `A customer with email ${email} already exists`,
      409,
    );
  }
  const now = ctx.state.now().toISOString();
  const customer: EmuCustomer = {
    id: ctx.state.nextId(),
    email,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    phone: input.phone ?? null,
    tags: input.tags ?? [],
    verifiedEmail: input.verifiedEmail ?? true,
    emailMarketingState: input.emailMarketing ?? "NOT_SUBSCRIBED",
    createdAt: now,
    updatedAt: now,
  };
  shop.customers.set(customer.id, customer);
  return customer;
}

/** The merchant edits a customer, or the shopper changes their email marketing consent: customers/update. */
export async function updateCustomer(
  ctx: EmulatorContext,
  input: UpdateCustomerInput,
  delivery: DeliveryOptions = {},
): Promise<CustomerActionResult> {
  const shop = storeShop(ctx, input.shop);
  const customer = requireCustomer(shop, input.customerId);
  if (input.email !== undefined) customer.email = normaliseEmail(input.email);
  if (input.firstName !== undefined) customer.firstName = input.firstName;
  if (input.lastName !== undefined) customer.lastName = input.lastName;
  if (input.phone !== undefined) customer.phone = input.phone;
  if (input.tags !== undefined) customer.tags = input.tags;
  if (input.verifiedEmail !== undefined)
    customer.verifiedEmail = input.verifiedEmail;
  if (input.emailMarketing !== undefined)
    customer.emailMarketingState = input.emailMarketing;
  customer.updatedAt = ctx.state.now().toISOString();
  const payload = customerPayload(shop, customer);
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    [
      {
        topic: "customers/update",
        payload,
        resource: { customerId: customer.id },
      },
    ],
    delivery,
  );
  return { customer, payload, deliveries };
}

function normaliseEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}
