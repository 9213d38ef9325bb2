import { type ActionFunctionArgs } from "@remix-run/node";

import * as clock from "~/clock.server";
import { getEnv } from "~/env.server";
import { acceptVerifiedWebhook } from "~/webhooks/inbox.server";
import { receivePubSubPush } from "~/webhooks/pubsub-push.server";

// Google Cloud Pub/Sub push deliveries of Shopify webhooks (docs/decisions/0023-pubsub-webhooks.md).
// server.mjs sends this path here rather than through the HMAC door: a push carries an OIDC token.
export async function action({ request }: ActionFunctionArgs) {
  const env = getEnv();
  return receivePubSubPush(request, {
    config: env.PUBSUB_AUDIENCE
      ? {
          audience: env.PUBSUB_AUDIENCE,
          jwksUrl: env.PUBSUB_JWKS_URL,
          serviceAccountEmail: env.PUBSUB_SERVICE_ACCOUNT_EMAIL,
        }
      : null,
    accept: acceptVerifiedWebhook,
    now: clock.now(),
  });
}
