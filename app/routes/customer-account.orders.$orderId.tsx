import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";

import {
  authenticateExtension,
  extensionJson,
} from "~/http/ui-extension.server";
import { customerOrderPoints } from "~/services/customer-account.server";

// GET /customer-account/orders/:orderId (the order-status block, session token): what this
// order earned the signed-in customer, posted or pending. `orderId` is numeric or the order's GID.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount", {
    requireCustomer: true,
  });
  if (context instanceof Response) return context;
  const orderId = /^(?:gid:\/\/shopify\/Order\/)?(\d{1,20})$/.exec(
    params.orderId ?? "",
  )?.[1];
  if (!orderId)
    return extensionJson(
      context,
      { error: { code: "invalid_order", message: "Unknown order id." } },
      422,
    );
  return extensionJson(
    context,
    await customerOrderPoints(
      context.shop,
      context.customerId!,
      orderId,
      context.locale,
    ),
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount", {
    requireCustomer: true,
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
