import type { LoaderFunctionArgs } from "@remix-run/node";

import { getEnv } from "~/env.server";
import { authenticate } from "~/shopify.server";
import { isAllowedExitIframeDestination } from "~/shopify/exit-iframe.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (
    url.pathname === "/auth/exit-iframe" &&
    !isAllowedExitIframeDestination(url.searchParams.get("exitIframe"), {
      appUrl: getEnv().SHOPIFY_APP_URL,
      shop: url.searchParams.get("shop"),
    })
  ) {
    return new Response("This destination is not allowed.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  await authenticate.admin(request);
  return null;
}
