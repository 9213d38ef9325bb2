import { type LoaderFunctionArgs } from "@remix-run/node";

import { getRewardImage } from "~/services/reward-images.server";

// GET /reward-images/<shop>/<reward>?v=N: a reward's uploaded image, resized by the app (WebP).
// The version in the URL changes with every upload, so the answer can be cached for long.
export async function loader({ params }: LoaderFunctionArgs) {
  const image = await getRewardImage(params.shop ?? "", params.rewardId ?? "");
  if (!image) return new Response("Not found", { status: 404 });
  return new Response(image.bytes, {
    headers: {
      "Content-Type": image.contentType,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
