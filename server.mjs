// The production server: Remix on Express (the same stack as remix-serve), plus the webhook door.
//
// Webhooks are verified by the app's real authenticate.webhook, stored in the inbox and answered
// at once; the inbox drain then replays each stored request through the app's own webhook route.
// See docs/decisions/0004-webhook-inbox.md. Everything else goes to Remix unchanged.
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
const buildPath = path.resolve(
  process.env.REMIX_BUILD_DIR ?? path.join(process.cwd(), "build"),
  "server/index.js",
);
const build = await import(url.pathToFileURL(buildPath).href);
const mode = process.env.NODE_ENV ?? "production";
const handleWithRemix = createRequestHandler(build, mode);
const { acceptWebhook, startWebhookInbox, stopWebhookInbox } =
  build.entry.module;

const app = express();
app.disable("x-powered-by");
// Paths, never secrets: query strings carry session tokens and proxy signatures.
if (process.env.LOG_REQUESTS !== "off") app.use(redactedRequestLog(morgan));

app.use(compression());
app.use(
  build.publicPath,
  express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
);
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createExpressHandler({ build, mode }));

if (process.env.WEBHOOK_INBOX_DRAIN !== "off")
  startWebhookInbox(handleWithRemix);

const logRequests = process.env.LOG_REQUESTS !== "off";

// Webhooks are taken before Express: they are the one path that must answer fast, and they need
// the exact bytes Shopify signed. The door bounds what an unsigned request can cost
// (server/webhook-door.mjs).
const acceptWebhookOverHttp = createWebhookDoor({
  secret: process.env.SHOPIFY_API_SECRET,
  accept: (request, body) => acceptWebhook(request, handleWithRemix, body),
  maxBytes: positiveNumber(process.env.WEBHOOK_MAX_BYTES),
  maxInFlight: positiveNumber(process.env.WEBHOOKS_MAX_IN_FLIGHT),
  log: logRequests ? (line) => console.log(line) : undefined,
});

function positiveNumber(value) {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

const port = Number(process.env.PORT ?? 3000);
const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url?.startsWith("/webhooks/")) {
    void acceptWebhookOverHttp(req, res);
    return;
  }
  app(req, res);
});
if (process.env.HOST) server.listen(port, process.env.HOST);
else server.listen(port);
server.on("listening", () => console.log(`[loyalty] http://localhost:${port}`));

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close();
    stopWebhookInbox().finally(() => process.exit(0));
  });
}
