import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { z } from "zod";

import {
  authenticateExtension,
  extensionJson,
} from "~/http/ui-extension.server";
import { thankYouPoints } from "~/services/customer-account.server";

const ThankYouQuerySchema = z.object({
  orderId: z
    .string()
    .regex(
      /^(?:gid:\/\/shopify\/OrderIdentity\/|gid:\/\/shopify\/Order\/)?\d{1,20}$/,
    )
    .transform((id) => id.replace(/^.*\//, ""))
    .nullable(),
  subtotal: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,3})?$/)
    .nullable(),
});

// GET /checkout/thank-you?orderId=&subtotal=&locale= (the thank-you block, session token; `sub`
// only when the buyer is signed in): the points this order will earn, or an invitation to join.
export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "checkout", {
    requireCustomer: false,
  });
  if (context instanceof Response) return context;
  const url = new URL(request.url);
  const query = ThankYouQuerySchema.safeParse({
    orderId: url.searchParams.get("orderId"),
    subtotal: url.searchParams.get("subtotal"),
  });
  if (!query.success)
    return extensionJson(
      context,
      {
        error: { code: "invalid_request", message: "Bad orderId or subtotal." },
      },
      422,
    );
  return extensionJson(
    context,
    await thankYouPoints(context.shop, {
      customerId: context.customerId,
      orderId: query.data.orderId,
      subtotal: query.data.subtotal,
      locale: context.locale,
    }),
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "checkout", {
    requireCustomer: false,
  });
  if (context instanceof Response) return context;
  return extensionJson(
    context,
    { error: { code: "method_not_allowed" } },
    405,
    {
      Allow: "GET",
    },
  );
}
