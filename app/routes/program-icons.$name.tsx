import { type LoaderFunctionArgs } from "@remix-run/node";

import { pointsIconSvg } from "~/components/points-icons";
import { BUILT_IN_ICONS, type BuiltInIcon } from "~/loyalty/program-identity";

// GET /program-icons/star.svg: a built-in points icon, for the storefront and emails (public, cached).
export function loader({ params }: LoaderFunctionArgs) {
  const name = (params.name ?? "").replace(/\.svg$/, "");
  if (!(BUILT_IN_ICONS as readonly string[]).includes(name))
    return new Response("Not found", { status: 404 });
  return new Response(pointsIconSvg(name as BuiltInIcon), {
    headers: {
      "Content-Type": "image/svg+xml",
      "Cache-Control": "public, max-age=86400",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
