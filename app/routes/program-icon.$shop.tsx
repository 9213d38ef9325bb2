import { type LoaderFunctionArgs } from "@remix-run/node";

import { getProgramIcon } from "~/services/program-identity.server";

// GET /program-icon/<shop>?v=N: the points icon the merchant uploaded (checked PNG, JPEG or WebP).
// The version in the URL changes with every upload, so the answer can be cached for long.
export async function loader({ params }: LoaderFunctionArgs) {
  const icon = await getProgramIcon(params.shop ?? "");
  if (!icon) return new Response("Not found", { status: 404 });
  return new Response(icon.bytes, {
    headers: {
      "Content-Type": icon.contentType,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
