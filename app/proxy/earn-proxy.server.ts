import { type z } from "zod";

import {
  authenticateProxy,
  type ProxyContext,
  proxyError,
  requireActiveProgram,
  requireCustomer,
} from "~/proxy/proxy.server";

/**
 * The storefront's earning calls (social claims, content submissions, birthday): POST JSON,
 * the customer only from the verified `logged_in_customer_id`, never from the body.
 */
export async function readEarnRequest<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
): Promise<
  | { context: ProxyContext & { customerId: string }; body: z.output<S> }
  | Response
> {
  if (request.method !== "POST")
    return proxyError(405, "method_not_allowed", "Use POST.", {
      Allow: "POST",
    });
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  const refused = requireCustomer(context) ?? requireActiveProgram(context);
  if (refused) return refused;
  let raw: unknown;
  try {
    raw = JSON.parse(await request.text());
  } catch {
    return proxyError(400, "malformed_json", "The body is not JSON.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    return proxyError(
      422,
      "invalid_request",
      parsed.error.issues[0]?.message ?? "Invalid request.",
    );
  return {
    context: { ...context, customerId: context.customerId! },
    body: parsed.data,
  };
}

export function postOnly() {
  return proxyError(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
}
