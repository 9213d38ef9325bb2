import type { ActionFunctionArgs } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

import * as clock from "~/clock.server";
import { actorFromAdmin } from "~/services/audit.server";
import {
  removeRewardImage,
  REWARD_IMAGE_MAX_UPLOAD_BYTES,
  uploadRewardImage,
} from "~/services/reward-images.server";
import { authenticate } from "~/shopify.server";

export type RewardImageActionResult =
  | { ok: true; notice: "image_uploaded" | "image_removed" }
  | {
      ok: false;
      error: "image_too_large" | "image_not_image" | "unknown_reward";
    };

// POST /app/rewards/<id>/image: upload (multipart, 5 MB at most, read no further) or remove.
export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await authenticate.admin(request);
  const shop = admin.session.shop;
  const rewardId = params.rewardId ?? "";
  const actor = actorFromAdmin(admin);
  const now = clock.now();
  const reply = (result: RewardImageActionResult, status = 200) =>
    json(result, { status });
  if (
    Number(request.headers.get("content-length") ?? "0") >
    REWARD_IMAGE_MAX_UPLOAD_BYTES + 64 * 1024
  )
    return reply({ ok: false, error: "image_too_large" }, 413);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({
        maxPartSize: REWARD_IMAGE_MAX_UPLOAD_BYTES,
      }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return reply({ ok: false, error: "image_too_large" }, 413);
    return reply({ ok: false, error: "image_not_image" }, 400);
  }
  if (form.get("intent") === "remove") {
    await removeRewardImage(shop, rewardId, actor, now);
    return reply({ ok: true, notice: "image_removed" });
  }
  const file = form.get("image");
  if (!(file instanceof Blob) || file.size === 0)
    return reply({ ok: false, error: "image_not_image" }, 422);
  const result = await uploadRewardImage(
    shop,
    rewardId,
    new Uint8Array(await file.arrayBuffer()),
    actor,
    now,
  );
  if (result.outcome === "uploaded")
    return reply({ ok: true, notice: "image_uploaded" });
  return reply(
    { ok: false, error: result.outcome },
    result.outcome === "unknown_reward" ? 404 : 422,
  );
}
