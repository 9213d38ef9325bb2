/**
 * `npm run store -- <command>`: the store simulator from the command line, talking to a running
 * emulator's control API (EMULATOR_URL, default http://localhost:4000). Run with --help.
 */
import { parseArgs } from "node:util";

const HELP = `Store simulator: act as shoppers and the merchant in the local Shopify emulator.
Every action changes the emulator's state and sends the webhooks Shopify would send to the app.

Usage: npm run store -- <command> [options]

Commands
  shops                                  list the emulator's shops
  shop create <domain>                   create a shop   [--currency EUR] [--timezone Europe/Paris]
  customer create --email <email>        customers/create   [--first-name] [--last-name] [--tags a,b] [--subscribed]
  customer update <customerId>           customers/update   [--email] [--first-name] [--last-name] [--tags]
                                         [--subscribed | --unsubscribed]
  order place --line <line>...           orders/create + orders/paid
      buyer:     --customer <id> | --new-customer <email> | --guest [--email <email>]
      lines:     <variantId>[x<qty>]  e.g. 1002x2   (see "list products")
                 <title>=<price>[x<qty>][:gift]  e.g. "Gift card=25x1:gift"
      money:     --discount <CODE>:percentage:<10> | <CODE>:fixed_amount:<5.00>
                 --shipping <4.90>  --tax <0.2> [--taxes-included]  --tip <2.00>
                 --currency <USD>:<1.08>  (presentment currency and rate)  --test
  order fulfil <orderId>                 orders/fulfilled
  order refund <orderId>                 refunds/create   [--line <lineItemId>:<qty>]... [--shipping all|<amount>]
                                         [--amount 5.00] [--note ...]
  order cancel <orderId>                 refunds/create + orders/cancelled   [--reason customer] [--no-refund]
  list customers|orders|products|deliveries|calls
  deliveries release                     send held deliveries   [--order fifo|reverse|random] [--seed n]
  app uninstall                          app/uninstalled (access tokens revoked)
  compliance data-request <customerId>   customers/data_request
  compliance redact <customerId>         customers/redact
  compliance shop-redact                 shop/redact

Options for every action
  --shop <domain>      default: EMULATOR_SHOP, or the emulator's only shop
  --duplicates <n>     deliver every webhook n extra times (same event id, new webhook id)
  --new-events         duplicates are new events (new event id too)
  --same-webhook-id    duplicates reuse the webhook id (a redelivery)
  --reorder reverse|random   send this action's deliveries out of order
  --hold               keep deliveries until "deliveries release"
  --json               print the control API's JSON answer

Environment: EMULATOR_URL (default http://localhost:4000), EMULATOR_SHOP.
`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  shop: { type: "string" },
  email: { type: "string" },
  "first-name": { type: "string" },
  "last-name": { type: "string" },
  tags: { type: "string" },
  subscribed: { type: "boolean" },
  unsubscribed: { type: "boolean" },
  customer: { type: "string" },
  "new-customer": { type: "string" },
  guest: { type: "boolean" },
  line: { type: "string", multiple: true },
  discount: { type: "string" },
  shipping: { type: "string" },
  tax: { type: "string" },
  "taxes-included": { type: "boolean" },
  tip: { type: "string" },
  currency: { type: "string" },
  timezone: { type: "string" },
  test: { type: "boolean" },
  amount: { type: "string" },
  note: { type: "string" },
  reason: { type: "string" },
  "no-refund": { type: "boolean" },
  order: { type: "string" },
  seed: { type: "string" },
  duplicates: { type: "string" },
  "new-events": { type: "boolean" },
  "same-webhook-id": { type: "boolean" },
  reorder: { type: "string" },
  hold: { type: "boolean" },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>["values"];

class UsageError extends Error {}

const baseUrl = (process.env.EMULATOR_URL ?? "http://localhost:4000").replace(
  /\/+$/,
  "",
);

async function call(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/_emulator${path}`, {
      method,
      headers:
        body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new UsageError(
      `No emulator at ${baseUrl}. Start it (npm run emulator, or npm run demo) or set EMULATOR_URL.`,
    );
  }
  const answer = (await response.json().catch(() => ({}))) as Record<
    string,
    unknown
  >;
  if (!response.ok)
    throw new UsageError(
      `${response.status}: ${String(answer.error ?? "request failed")}`,
    );
  return answer;
}

async function resolveShop(values: Values): Promise<string> {
  const shop = values.shop ?? process.env.EMULATOR_SHOP;
  if (shop) return shop;
  const { shops } = (await call("GET", "/shops")) as {
    shops: { domain: string }[];
  };
  if (shops.length === 1) return shops[0].domain;
  if (shops.length === 0)
    throw new UsageError(
      "The emulator has no shop yet: npm run store -- shop create demo.myshopify.com",
    );
  throw new UsageError(
    `Several shops (${shops.map((s) => s.domain).join(", ")}): pass --shop`,
  );
}

function delivery(values: Values): Record<string, unknown> | undefined {
  const options: Record<string, unknown> = {};
  if (values.duplicates)
    options.duplicates = positiveInt(values.duplicates, "--duplicates", true);
  if (values["new-events"]) options.sameEventId = false;
  if (values["same-webhook-id"]) options.sameWebhookId = true;
  if (values.reorder) {
    if (values.reorder !== "reverse" && values.reorder !== "random")
      throw new UsageError("--reorder is reverse or random");
    options.reorder = values.reorder;
  }
  if (values.seed) options.seed = positiveInt(values.seed, "--seed", true);
  if (values.hold) options.hold = true;
  return Object.keys(options).length ? options : undefined;
}

function positiveInt(
  value: string | undefined,
  name: string,
  allowZero = false,
): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new UsageError(`${name} expects a whole number, got ${value}`);
  return n;
}

/** "1002x2" (a variant) or "Gift card=25x1:gift" (a custom line). */
export function parseLine(spec: string): Record<string, unknown> {
  const variant = /^(\d+)(?:x(\d+))?$/.exec(spec);
  if (variant)
    return { variantId: Number(variant[1]), quantity: Number(variant[2] ?? 1) };
  const custom = /^(.+)=(\d+(?:\.\d{1,2})?)(?:x(\d+))?(:gift)?$/.exec(spec);
  if (custom)
    return {
      title: custom[1],
      price: custom[2],
      quantity: Number(custom[3] ?? 1),
      ...(custom[4] ? { giftCard: true } : {}),
    };
  throw new UsageError(
    `Cannot read line "${spec}": use <variantId>[x<qty>] or <title>=<price>[x<qty>][:gift]`,
  );
}

export function parseDiscount(spec: string): Record<string, unknown> {
  const match = /^([^:]+):(percentage|fixed_amount):(\d+(?:\.\d+)?)$/.exec(
    spec,
  );
  if (!match)
    throw new UsageError(
      `Cannot read discount "${spec}": use CODE:percentage:10 or CODE:fixed_amount:5.00`,
    );
  return { code: match[1], type: match[2], value: match[3] };
}

function summarise(answer: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const deliveries = (answer.deliveries ?? []) as {
    seq: number;
    topic: string;
    status: string;
    responseStatus: number | null;
    lastError: string | null;
  }[];
  for (const d of deliveries) {
    lines.push(
      `  webhook #${d.seq} ${d.topic}: ${d.status}${d.responseStatus ? ` (${d.responseStatus})` : ""}${d.lastError ? ` ${d.lastError}` : ""}`,
    );
  }
  return lines;
}

async function run(argv: string[]): Promise<string[]> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) return [HELP];
  const out = (answer: Record<string, unknown>, headline: string) =>
    values.json
      ? [JSON.stringify(answer, null, 2)]
      : [headline, ...summarise(answer)];

  switch (`${command} ${sub ?? ""}`.trim()) {
    case "shops": {
      const answer = await call("GET", "/shops");
      if (values.json) return [JSON.stringify(answer, null, 2)];
      const shops = answer.shops as {
        domain: string;
        currencyCode: string;
        installed: boolean;
        customers: number;
        orders: number;
      }[];
      return shops.length
        ? shops.map(
            (s) =>
              `${s.domain}  ${s.currencyCode}  installed=${s.installed}  customers=${s.customers}  orders=${s.orders}`,
          )
        : ["No shops."];
    }
    case "shop create": {
      if (!arg) throw new UsageError("shop create <domain>");
      const answer = await call("POST", "/shops", {
        shop: arg,
        currency: values.currency,
        timezone: values.timezone,
      });
      return values.json
        ? [JSON.stringify(answer, null, 2)]
        : [`Shop ${arg} ready. Store simulator: ${baseUrl}/store/${arg}`];
    }
    case "customer create": {
      const shop = await resolveShop(values);
      const answer = await call("POST", "/customers", {
        shop,
        email: values.email,
        firstName: values["first-name"],
        lastName: values["last-name"],
        tags: values.tags?.split(",").map((t) => t.trim()),
        emailMarketing: values.subscribed ? "SUBSCRIBED" : undefined,
        delivery: delivery(values),
      });
      const customer = answer.customer as { id: number; email: string };
      return out(
        answer,
        `Customer ${customer.id} (${customer.email}) created in ${shop}.`,
      );
    }
    case "customer update": {
      const shop = await resolveShop(values);
      const answer = await call("POST", "/customers/update", {
        shop,
        customerId: positiveInt(arg, "customer id"),
        email: values.email,
        firstName: values["first-name"],
        lastName: values["last-name"],
        tags: values.tags?.split(",").map((t) => t.trim()),
        emailMarketing: values.subscribed
          ? "SUBSCRIBED"
          : values.unsubscribed
            ? "UNSUBSCRIBED"
            : undefined,
        delivery: delivery(values),
      });
      return out(answer, `Customer ${arg} updated.`);
    }
    case "order place": {
      const shop = await resolveShop(values);
      if (!values.line?.length)
        throw new UsageError("order place needs at least one --line");
      const body: Record<string, unknown> = {
        shop,
        lines: values.line.map(parseLine),
        test: Boolean(values.test),
        delivery: delivery(values),
      };
      if (values.customer)
        body.customerId = positiveInt(values.customer, "--customer");
      else if (values["new-customer"])
        body.customer = { email: values["new-customer"] };
      else if (values.email) body.email = values.email;
      else if (!values.guest)
        throw new UsageError(
          "Who buys? --customer <id>, --new-customer <email> or --guest",
        );
      if (values.discount) body.discount = parseDiscount(values.discount);
      if (values.shipping) body.shipping = { price: values.shipping };
      if (values.tax)
        body.tax = {
          rate: Number(values.tax),
          included: Boolean(values["taxes-included"]),
        };
      if (values.tip) body.tip = values.tip;
      if (values.currency) {
        const [currency, rate] = values.currency.split(":");
        body.presentment = { currency, rate: Number(rate ?? 1) };
      }
      const answer = await call("POST", "/orders", body);
      const order = answer.order as {
        id: number;
        name: string;
        total_price: string;
        currency: string;
        line_items: { id: number; title: string; quantity: number }[];
      };
      return out(
        answer,
        `Order ${order.name} (id ${order.id}) paid: ${order.total_price} ${order.currency}. Lines: ${order.line_items.map((l) => `${l.id} ${l.quantity}× ${l.title}`).join("; ")}`,
      );
    }
    case "order fulfil": {
      const shop = await resolveShop(values);
      const answer = await call("POST", "/orders/fulfil", {
        shop,
        orderId: positiveInt(arg, "order id"),
        delivery: delivery(values),
      });
      return out(answer, `Order ${arg} fulfilled.`);
    }
    case "order refund": {
      const shop = await resolveShop(values);
      const lines = (values.line ?? []).map((spec) => {
        const match = /^(\d+):(\d+)$/.exec(spec);
        if (!match)
          throw new UsageError(
            `Refund lines are <lineItemId>:<qty>, got ${spec}`,
          );
        return { lineItemId: Number(match[1]), quantity: Number(match[2]) };
      });
      const answer = await call("POST", "/orders/refund", {
        shop,
        orderId: positiveInt(arg, "order id"),
        lines,
        shipping:
          values.shipping === undefined
            ? undefined
            : values.shipping === "all"
              ? true
              : { amount: values.shipping },
        amount: values.amount,
        note: values.note,
        delivery: delivery(values),
      });
      const order = answer.order as { name: string; financial_status: string };
      return out(
        answer,
        `Refund on ${order.name}: order now ${order.financial_status}.`,
      );
    }
    case "order cancel": {
      const shop = await resolveShop(values);
      const answer = await call("POST", "/orders/cancel", {
        shop,
        orderId: positiveInt(arg, "order id"),
        reason: values.reason,
        refund: !values["no-refund"],
        delivery: delivery(values),
      });
      const order = answer.order as { name: string; financial_status: string };
      return out(
        answer,
        `Order ${order.name} cancelled: ${order.financial_status}.`,
      );
    }
    case "list customers":
    case "list orders":
    case "list products": {
      const shop = await resolveShop(values);
      const state = await call("GET", `/state/${encodeURIComponent(shop)}`);
      if (values.json) return [JSON.stringify(state[sub], null, 2)];
      if (sub === "customers") {
        return (
          state.customers as {
            id: number;
            email: string;
            first_name: string | null;
            last_name: string | null;
            email_marketing_consent: { state: string } | null;
          }[]
        ).map(
          (c) =>
            `${c.id}  ${c.email ?? "-"}  ${[c.first_name, c.last_name].filter(Boolean).join(" ")}  marketing=${c.email_marketing_consent?.state ?? "-"}`,
        );
      }
      if (sub === "orders") {
        return (
          state.orders as {
            id: number;
            name: string;
            email: string | null;
            total_price: string;
            currency: string;
            financial_status: string;
            cancelled_at: string | null;
            line_items: { id: number; title: string; quantity: number }[];
          }[]
        ).map(
          (o) =>
            `${o.id}  ${o.name}  ${o.email ?? "guest"}  ${o.total_price} ${o.currency}  ${o.financial_status}${o.cancelled_at ? " cancelled" : ""}  lines: ${o.line_items.map((l) => `${l.id}=${l.quantity}× ${l.title}`).join(", ")}`,
        );
      }
      return (
        state.products as {
          title: string;
          giftCard: boolean;
          variants: { id: number; title: string; price: string }[];
        }[]
      ).flatMap((p) =>
        p.variants.map(
          (v) =>
            `${v.id}  ${p.title}${v.title === "Default Title" ? "" : ` · ${v.title}`}  ${v.price}${p.giftCard ? "  (gift card)" : ""}`,
        ),
      );
    }
    case "list deliveries": {
      const query = values.shop
        ? `?shop=${encodeURIComponent(values.shop)}`
        : "";
      const answer = await call("GET", `/deliveries${query}`);
      if (values.json) return [JSON.stringify(answer, null, 2)];
      return (
        answer.deliveries as {
          seq: number;
          topic: string;
          status: string;
          responseStatus: number | null;
          webhookId: string;
          eventId: string;
          copy: number;
        }[]
      ).map(
        (d) =>
          `#${d.seq}  ${d.topic}  ${d.status}${d.responseStatus ? ` ${d.responseStatus}` : ""}  webhook=${d.webhookId.slice(0, 8)} event=${d.eventId.slice(0, 8)}${d.copy ? ` copy ${d.copy}` : ""}`,
      );
    }
    case "list calls": {
      const query = values.shop
        ? `?shop=${encodeURIComponent(values.shop)}`
        : "";
      const answer = await call("GET", `/admin-calls${query}`);
      if (values.json) return [JSON.stringify(answer, null, 2)];
      return (
        answer.calls as {
          seq: number;
          shop: string;
          operationName: string | null;
          status: number;
          errors: string[];
        }[]
      ).map(
        (c) =>
          `#${c.seq}  ${c.shop}  ${c.operationName ?? "(anonymous)"}  ${c.status}${c.errors.length ? `  ${c.errors.join(", ")}` : ""}`,
      );
    }
    case "deliveries release": {
      const order = values.order ?? "fifo";
      if (!["fifo", "reverse", "random"].includes(order))
        throw new UsageError("--order is fifo, reverse or random");
      const answer = await call("POST", "/deliveries/release", {
        order,
        seed: values.seed ? Number(values.seed) : undefined,
      });
      return out(
        answer,
        `Released ${(answer.deliveries as unknown[]).length} deliveries.`,
      );
    }
    case "app uninstall": {
      const shop = await resolveShop(values);
      return out(
        await call("POST", "/app/uninstall", {
          shop,
          delivery: delivery(values),
        }),
        `App uninstalled from ${shop}.`,
      );
    }
    case "compliance data-request":
    case "compliance redact": {
      const shop = await resolveShop(values);
      const path =
        sub === "redact"
          ? "/compliance/customers-redact"
          : "/compliance/customers-data-request";
      return out(
        await call("POST", path, {
          shop,
          customerId: positiveInt(arg, "customer id"),
          delivery: delivery(values),
        }),
        `Sent ${sub} for customer ${arg}.`,
      );
    }
    case "compliance shop-redact": {
      const shop = await resolveShop(values);
      return out(
        await call("POST", "/compliance/shop-redact", {
          shop,
          delivery: delivery(values),
        }),
        `Sent shop/redact for ${shop}.`,
      );
    }
    default:
      throw new UsageError(
        `Unknown command "${positionals.join(" ")}". npm run store -- --help`,
      );
  }
}

// Run only as a script (tests import parseLine and parseDiscount).
if (process.argv[1] && /cli\.[cm]?[jt]s$/.test(process.argv[1])) {
  run(process.argv.slice(2)).then(
    (lines) => console.log(lines.join("\n")),
    (error: unknown) => {
      console.error(
        error instanceof UsageError ||
          (error instanceof Error && error.name === "TypeError")
          ? error.message
          : error,
      );
      process.exit(1);
    },
  );
}

export { run as runStoreCli };
