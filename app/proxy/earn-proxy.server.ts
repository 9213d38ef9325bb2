import { type z } from "zod";

import {
  authenticateProxy,
  readProxyJson,
  type ProxyContext,
  proxyError,
  requireActiveProgram,
  requireCustomer,
  shopperError,
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
  const read = await readProxyJson(request, context.locale);
  if (read instanceof Response) return read;
  const parsed = schema.safeParse(read.body);
  if (!parsed.success)
    return shopperError(context.locale, 422, "invalid_request");
  return {
    context: { ...context, customerId: context.customerId! },
    body: parsed.data,
  };
}

export function postOnly() {
  return proxyError(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
}
