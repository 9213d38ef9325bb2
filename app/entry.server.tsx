import { PassThrough } from "node:stream";
import {
  createReadableStreamFromReadable,
  type EntryContext,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

import { getEnv } from "~/env.server";
import { addDocumentResponseHeaders } from "~/shopify.server";
import { startBackgroundWorker } from "~/services/worker.server";

export const streamTimeout = 5000;

// Used by server.mjs, the production server: webhooks are verified, stored and acknowledged at the
// door and dispatched to their topic's handler behind it (docs/decisions/0022-verified-webhook-inbox.md);
// acceptVerifiedWebhook is the door for webhooks verified elsewhere (Pub/Sub).
export {
  acceptVerifiedWebhook,
  acceptWebhook,
  startWebhookInbox,
  stopWebhookInbox,
} from "~/webhooks/inbox.server";

// Used by server.mjs and scripts/worker.ts: the environment, validated once (app/env.server.ts).
export { getEnv } from "~/env.server";

// Used by scripts/worker.ts, the separate worker process for LOYALTY_WORKER=off web instances.
export {
  startBackgroundWorker,
  stopBackgroundWorker,
} from "~/services/worker.server";

// The outbox worker runs inside the app process by default (LOYALTY_WORKER=off to run it apart).
startBackgroundWorker();

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  // The library preloads App Bridge from Shopify's CDN whatever APP_BRIDGE_URL says; offline,
  // preload the local stand-in the page actually loads (app/routes/app.tsx) instead.
  const { APP_BRIDGE_URL: appBridgeUrl, SHOPIFY_EMULATOR_URL: emulatorUrl } =
    getEnv();
  if (appBridgeUrl && responseHeaders.has("Link")) {
    responseHeaders.set(
      "Link",
      `<${appBridgeUrl}>; rel="preload"; as="script";`,
    );
  }
  // Development only: the local emulator's admin page frames the app, so it joins the Shopify
  // origins the library allows in frame-ancestors.
  const csp = responseHeaders.get("Content-Security-Policy");
  if (
    emulatorUrl &&
    csp?.includes("frame-ancestors") &&
    !csp.includes("'none'")
  ) {
    const origin = new URL(emulatorUrl).origin;
    responseHeaders.set(
      "Content-Security-Policy",
      csp.replace("frame-ancestors", `frame-ancestors ${origin}`),
    );
  }
  const callbackName = isbot(request.headers.get("user-agent") ?? "")
    ? "onAllReady"
    : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} />,
      {
        [callbackName]: () => {
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          resolve(
            new Response(stream, {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error) {
          reject(error);
        },
        onError(error) {
          responseStatusCode = 500;
          console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
