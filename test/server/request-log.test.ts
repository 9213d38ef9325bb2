import http from "node:http";
import { createRequire } from "node:module";
import { Writable } from "node:stream";

import { describe, expect, it } from "vitest";

import {
  redactUrlForLog,
  redactedRequestLog,
} from "../../server/request-log.mjs";

describe("the request log", () => {
  it("keeps paths and the shop, never session tokens, signatures or customer ids", () => {
    expect(
      redactUrlForLog(
        "/app?embedded=1&hmac=abc&host=YWRtaW4&id_token=eyJhbGciOi.x.y&locale=fr&session=s1&shop=a.myshopify.com&timestamp=1",
      ),
    ).toBe(
      "/app?embedded=1&hmac=[redacted]&host=[redacted]&id_token=[redacted]&locale=fr&session=[redacted]&shop=a.myshopify.com&timestamp=[redacted]",
    );
    expect(
      redactUrlForLog(
        "/proxy/api/me?shop=a.myshopify.com&logged_in_customer_id=42&path_prefix=%2Fapps%2Floyalty&signature=f00d",
      ),
    ).toBe(
      "/proxy/api/me?shop=a.myshopify.com&logged_in_customer_id=[redacted]&path_prefix=[redacted]&signature=[redacted]",
    );
    expect(redactUrlForLog("/healthz")).toBe("/healthz");
    expect(redactUrlForLog("/auth/exit-iframe?")).toBe("/auth/exit-iframe");
    expect(redactUrlForLog("/x?%E0%A4%A=secret&flag")).toBe(
      "/x?%E0%A4%A=[redacted]&flag",
    );
  });

  it("writes the redacted line through morgan as the server uses it", async () => {
    let written = "";
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    // morgan ships no types; the server loads it the same way, untyped.
    const morgan: unknown = createRequire(import.meta.url)("morgan");
    const log = redactedRequestLog(morgan, sink) as (
      req: http.IncomingMessage,
      res: http.ServerResponse,
      next: () => void,
    ) => void;
    const server = http.createServer((req, res) =>
      log(req, res, () => res.end("ok")),
    );
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await fetch(
        `http://127.0.0.1:${port}/app/members?id_token=eyJsecret.token.sig&shop=a.myshopify.com`,
      );
      await fetch(
        `http://127.0.0.1:${port}/proxy/api/rewards?signature=deadbeef&logged_in_customer_id=7`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(written).toContain(
      "GET /app/members?id_token=[redacted]&shop=a.myshopify.com 200",
    );
    expect(written).toContain(
      "GET /proxy/api/rewards?signature=[redacted]&logged_in_customer_id=[redacted] 200",
    );
    expect(written).not.toMatch(/eyJsecret|deadbeef|customer_id=7/);
  });
});
