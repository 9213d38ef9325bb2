// The production server: Remix on Express (the same stack as remix-serve), plus the webhook door.
//
// Webhooks are verified once, here, by the app's real authenticate.webhook, stored in the inbox as
// verified events and answered at once; the inbox drain hands each event to its topic's handler,
// with no second HTTP pass (docs/decisions/0004-webhook-inbox.md, 0022-verified-webhook-inbox.md). Everything else goes to Remix unchanged.
import http from "node:http";
import path from "node:path";
import url from "node:url";

import { createRequestHandler as createExpressHandler } from "@remix-run/express";
import { createRequestHandler, installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

import { redactedRequestLog } from "./server/request-log.mjs";
import { createWebhookDoor } from "./server/webhook-door.mjs";

installGlobals({ nativeFetch: true });

const root = path.dirname(url.fileURLToPath(import.meta.url));
// The one variable read before the environment is validated: where the code that validates it is.
const buildPath = path.resolve(
  process.env.REMIX_BUILD_DIR ?? path.join(process.cwd(), "build"),
  "server/index.js",
);
// The environment is validated once, as the build loads (app/env.server.ts): a bad value stops
// the process here with one message naming the variable.
let build;
let env;
try {
  build = await import(url.pathToFileURL(buildPath).href);
  env = build.entry.module.getEnv();
} catch (error) {
  if (error?.name !== "InvalidEnvironmentError") throw error;
  console.error(`[loyalty] ${error.message}`);
  process.exit(1);
}
// Unset NODE_ENV means production for the server (the schema's default, development, is for tools).
const mode = process.env.NODE_ENV ? env.NODE_ENV : "production";
const handleWithRemix = createRequestHandler(build, mode);
const { acceptWebhook, startWebhookInbox, stopWebhookInbox } =
  build.entry.module;

const app = express();
app.disable("x-powered-by");
const logRequests = env.LOG_REQUESTS !== "off";
// Paths, never secrets: query strings carry session tokens and proxy signatures.
if (logRequests) app.use(redactedRequestLog(morgan));

app.use(compression());
app.use(
  build.publicPath,
  express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
);
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createExpressHandler({ build, mode }));

if (env.WEBHOOK_INBOX_DRAIN !== "off")
  startWebhookInbox({ concurrency: env.WEBHOOK_INBOX_CONCURRENCY });

// Webhooks are taken before Express: they are the one path that must answer fast, and they need
// the exact bytes Shopify signed. The door bounds what an unsigned request can cost
// (server/webhook-door.mjs).
const acceptWebhookOverHttp = createWebhookDoor({
  secret: env.SHOPIFY_API_SECRET,
  accept: (request, body) => acceptWebhook(request, handleWithRemix, body),
  maxBytes: env.WEBHOOK_MAX_BYTES,
  maxInFlight: env.WEBHOOKS_MAX_IN_FLIGHT,
  log: logRequests ? (line) => console.log(line) : undefined,
});

// Google Cloud Pub/Sub pushes carry no HMAC but an OIDC token: they go to their Remix route
// (app/routes/webhooks.pubsub.tsx), not through the HMAC door (docs/decisions/0023-…).
const PUBSUB_PATH = "/webhooks/pubsub";

const port = env.PORT;
const server = http.createServer((req, res) => {
  const pathname = req.url?.split("?")[0];
  if (
    req.method === "POST" &&
    pathname?.startsWith("/webhooks/") &&
    pathname !== PUBSUB_PATH
  ) {
    void acceptWebhookOverHttp(req, res);
    return;
  }
  app(req, res);
});
if (env.HOST) server.listen(port, env.HOST);
else server.listen(port);
server.on("listening", () => console.log(`[loyalty] http://localhost:${port}`));

// Graceful shutdown (SIGTERM from the platform, SIGINT from a terminal): stop accepting, let the
// requests in flight finish (at most SHUTDOWN_GRACE_MS), let the inbox drain and the in-process
// outbox worker finish the row or job in hand (a job cut in half would wait for its lease), exit 0.
const SHUTDOWN_GRACE_MS = 10_000;
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(
      `[loyalty] ${signal}: finishing the requests and work in progress`,
    );
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    Promise.allSettled([
      closed,
      stopWebhookInbox(),
      build.entry.module.stopBackgroundWorker(),
    ]).then(() => {
      console.log("[loyalty] stopped");
      process.exit(0);
    });
  });
}
