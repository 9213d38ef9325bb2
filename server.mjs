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
if (process.env.LOG_REQUESTS !== "off") app.use(morgan("tiny"));

app.use(compression());
app.use(
  build.publicPath,
  express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
);
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createExpressHandler({ build, mode }));

if (process.env.WEBHOOK_INBOX_DRAIN !== "off")
  startWebhookInbox(handleWithRemix);

const MAX_WEBHOOK_BYTES = 10 * 1024 * 1024;
const logRequests = process.env.LOG_REQUESTS !== "off";

// Webhooks are taken before Express: they are the one path that must answer fast, and they need
// the exact bytes Shopify signed.
async function acceptWebhookOverHttp(req, res) {
  const started = performance.now();
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_WEBHOOK_BYTES) {
      res.writeHead(413).end();
      return;
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks).toString("utf8");
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const request = new Request(
    `http://${req.headers.host ?? "localhost"}${req.url}`,
    { method: "POST", headers, body },
  );
  let status = 500;
  try {
    const response = await acceptWebhook(request, handleWithRemix, body);
    status = response.status;
    const headersOut = {};
    response.headers.forEach((value, name) => (headersOut[name] = value));
    res.writeHead(status, headersOut);
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    console.error("webhook door failed", error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
  if (logRequests)
    console.log(
      `POST ${req.url} ${status} - ${(performance.now() - started).toFixed(3)} ms`,
    );
}

const port = Number(process.env.PORT ?? 3000);
const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url?.startsWith("/webhooks/")) {
    acceptWebhookOverHttp(req, res).catch((error) => {
      console.error("webhook door failed", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
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
