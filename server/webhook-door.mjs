// The webhook door of the production server (server.mjs): what an unauthenticated POST to
// /webhooks/* may cost before Shopify's HMAC has been checked.
//
// - A size limit. Shopify documents no cap for HTTPS deliveries; the largest payload it documents
//   delivering inline is 1,000,000 bytes (Amazon EventBridge, changelog 2026-11-17: above it a
//   classic webhook falls back to {"id": ...}). Real order bodies are 10 to 15 KB. The default,
//   2 MiB, is twice Shopify's documented ceiling and over a hundred times a real order.
// - Early rejection. No HMAC header: 401 before reading a byte. A Content-Length above the limit:
//   413 before reading a byte. Without a length (chunked), the stream is cut off at the limit.
// - The HMAC is computed while the body streams in (one buffer, no copies), so a forged or
//   unsigned body is refused before any Request object or string is built from it.
// - A cap on bodies in flight: beyond it, 503 with Retry-After (Shopify retries non-2xx answers
//   with backoff), so memory is bounded by limit × cap whatever the traffic.
import crypto from "node:crypto";

export const DEFAULT_MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_WEBHOOKS_IN_FLIGHT = 32;

const HMAC_HEADER = "x-shopify-hmac-sha256";

/**
 * @param {{
 *   secret: string | undefined,
 *   accept: (request: Request, body: string) => Promise<Response>,
 *   maxBytes?: number,
 *   maxInFlight?: number,
 *   log?: (line: string) => void,
 * }} options
 * @returns {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<void>}
 */
export function createWebhookDoor(options) {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_WEBHOOKS_IN_FLIGHT;
  let inFlight = 0;

  return async function acceptWebhookOverHttp(req, res) {
    const started = performance.now();
    let status = 500;
    const answer = (code, headers = {}) => {
      status = code;
      // Refused before reading: the connection closes once the client stops sending, and what it
      // still sends is discarded as it arrives (never kept), so the client reads the answer
      // instead of a reset. server.requestTimeout bounds how long that can last.
      res.writeHead(code, { Connection: "close", ...headers }).end();
      req.resume();
    };
    try {
      const signature = req.headers[HMAC_HEADER];
      const declared = req.headers["content-length"];
      if (typeof signature !== "string" || signature.length === 0) {
        answer(401);
      } else if (declared !== undefined && !(Number(declared) <= maxBytes)) {
        answer(413);
      } else if (inFlight >= maxInFlight) {
        answer(503, { "Retry-After": "5" });
      } else {
        inFlight += 1;
        try {
          status = await readAndAccept(req, res, signature);
        } finally {
          inFlight -= 1;
        }
      }
    } catch (error) {
      console.error("webhook door failed", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
      status = 500;
    }
    options.log?.(
      `POST ${req.url?.split("?")[0]} ${status} - ${(performance.now() - started).toFixed(3)} ms`,
    );
  };

  async function readAndAccept(req, res, signature) {
    const hmac = options.secret
      ? crypto.createHmac("sha256", options.secret)
      : null;
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > maxBytes) {
        res.writeHead(413, { Connection: "close" }).end();
        req.destroy();
        return 413;
      }
      hmac?.update(chunk);
      chunks.push(chunk);
    }
    if (hmac && !sameSignature(hmac.digest(), signature)) {
      res.writeHead(401).end();
      return 401;
    }
    const body = Buffer.concat(chunks, size).toString("utf8");
    chunks.length = 0;
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(
      `http://${req.headers.host ?? "localhost"}${req.url}`,
      { method: "POST", headers, body },
    );
    const response = await options.accept(request, body);
    const headersOut = {};
    response.headers.forEach((value, name) => (headersOut[name] = value));
    res.writeHead(response.status, headersOut);
    res.end(Buffer.from(await response.arrayBuffer()));
    return response.status;
  }
}

function sameSignature(digest, signature) {
  const given = Buffer.from(signature, "base64");
  return (
    given.length === digest.length && crypto.timingSafeEqual(given, digest)
  );
}
