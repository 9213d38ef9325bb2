import "@shopify/shopify-api/adapters/node";

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../server";
import {
  control,
  type FakeApp,
  startFakeApp,
  startTestEmulator,
  TEST_API_KEY,
  TEST_API_SECRET,
  TEST_SHOP,
} from "../store/test-support";

let app: FakeApp;
let emulator: RunningEmulator;

// The real library the app uses, to check the emulator's tokens and signatures the way the app will.
const shopify = shopifyApi({
  apiKey: TEST_API_KEY,
  apiSecretKey: TEST_API_SECRET,
  apiVersion: ApiVersion.July26,
  hostName: "localhost",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

beforeAll(async () => {
  app = await startFakeApp();
  emulator = await startTestEmulator(app.url);
  await control(emulator, "POST", "/shops", { shop: TEST_SHOP });
});

afterAll(async () => {
  await emulator.close();
  await app.close();
});

function iframeSrc(html: string): URL {
  const match = /<iframe[^>]*\ssrc="([^"]+)"/.exec(html);
  expect(match).not.toBeNull();
  return new URL(match![1].replace(/&amp;/g, "&"));
}

describe("admin page", () => {
  it("embeds the app with launch parameters, a session token and an hmac the app's library accepts", async () => {
    const response = await fetch(
      `${emulator.url}/admin/${TEST_SHOP}?locale=fr`,
    );
    expect(response.status).toBe(200);
    const src = iframeSrc(await response.text());

    expect(src.origin).toBe(new URL(app.url).origin);
    expect(src.pathname).toBe("/app");
    expect(src.searchParams.get("embedded")).toBe("1");
    expect(src.searchParams.get("shop")).toBe(TEST_SHOP);
    expect(src.searchParams.get("locale")).toBe("fr");
    expect(
      shopify.utils.sanitizeHost(src.searchParams.get("host")!),
    ).not.toBeNull();
    expect(
      Buffer.from(src.searchParams.get("host")!, "base64").toString(),
    ).toBe("admin.shopify.com/store/emulator-test");

    const payload = await shopify.session.decodeSessionToken(
      src.searchParams.get("id_token")!,
    );
    expect(payload).toMatchObject({
      aud: TEST_API_KEY,
      dest: `https://${TEST_SHOP}`,
      iss: `https://${TEST_SHOP}/admin`,
    });

    const query = Object.fromEntries(src.searchParams);
    expect(await shopify.utils.validateHmac(query)).toBe(true);
    expect(
      await shopify.utils.validateHmac({
        ...query,
        shop: "other.myshopify.com",
      }),
    ).toBe(false);
  });

  it("a token signed with another secret is refused by the library (the check can fail)", async () => {
    const other = shopifyApi({
      apiKey: TEST_API_KEY,
      apiSecretKey: "another-secret",
      apiVersion: ApiVersion.July26,
      hostName: "localhost",
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error, log: async () => {} },
    });
    const src = iframeSrc(
      await (await fetch(`${emulator.url}/admin/${TEST_SHOP}`)).text(),
    );
    await expect(
      other.session.decodeSessionToken(src.searchParams.get("id_token")!),
    ).rejects.toThrow();
    expect(src.searchParams.get("locale")).toBe("en");
  });

  it("hands out fresh session tokens to the App Bridge stand-in, across origins", async () => {
    const preflight = await fetch(
      `${emulator.url}/_emulator/session-token?shop=${TEST_SHOP}`,
      {
        method: "OPTIONS",
        headers: { Origin: app.url, "Access-Control-Request-Method": "GET" },
      },
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");

    const response = await fetch(
      `${emulator.url}/_emulator/session-token?shop=${TEST_SHOP}`,
      { headers: { Origin: app.url } },
    );
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const { token } = (await response.json()) as { token: string };
    expect((await shopify.session.decodeSessionToken(token)).dest).toBe(
      `https://${TEST_SHOP}`,
    );
  });
});

describe("App Bridge stand-in", () => {
  const scriptFile = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "..",
    "app-bridge",
    "app-bridge.js",
  );

  /** Runs the script as a page of the app would, with just enough of a browser around it. */
  function loadAppBridge(
    appRequests: Request[],
    answer: (request: Request, index: number) => Response,
  ) {
    const appOrigin = new URL(app.url).origin;
    const page = new URL(
      `${appOrigin}/app/members?embedded=1&shop=${TEST_SHOP}&host=abc&locale=fr`,
    );
    const storage = new Map<string, string>();
    const appFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.url.startsWith(emulator.url)) return fetch(request);
      appRequests.push(request);
      return answer(request, appRequests.length - 1);
    };
    const window: Record<string, unknown> = {
      location: {
        href: page.href,
        search: page.search,
        origin: page.origin,
        replace: () => {},
      },
      fetch: appFetch,
      sessionStorage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => void storage.set(k, v),
      },
    };
    // Inside the admin's iframe: messages for the admin chrome go to the parent window.
    const posted: unknown[] = [];
    window.parent = { postMessage: (message: unknown) => posted.push(message) };
    window.posted = posted;
    const document = {
      currentScript: {
        src: `${emulator.url}/app-bridge.js`,
        dataset: { apiKey: TEST_API_KEY },
      },
      readyState: "complete",
      documentElement: { lang: "fr" },
      querySelector: () => null,
      addEventListener: () => {},
    };
    class MutationObserver {
      observe() {}
    }
    vm.runInNewContext(readFileSync(scriptFile, "utf8"), {
      window,
      document,
      MutationObserver,
      Request,
      Response,
      URL,
      URLSearchParams,
      ReadableStream,
      setTimeout,
    });
    return window as {
      posted: unknown[];
      fetch: typeof fetch;
      shopify: {
        idToken(): Promise<string>;
        config: Record<string, string>;
        toast: { show(m: string): string };
        toasts: unknown[];
      };
    };
  }

  it("is served where APP_BRIDGE_URL points", async () => {
    const response = await fetch(`${emulator.url}/app-bridge.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("javascript");
    expect(await response.text()).toContain("window.shopify");
  });

  it("gives the app window.shopify and signs its own fetches with a fresh session token", async () => {
    const requests: Request[] = [];
    const window = loadAppBridge(
      requests,
      () => new Response("{}", { status: 200 }),
    );
    expect(window.shopify.config).toMatchObject({
      apiKey: TEST_API_KEY,
      shop: TEST_SHOP,
      host: "abc",
      locale: "fr",
    });

    const token = await window.shopify.idToken();
    expect((await shopify.session.decodeSessionToken(token)).dest).toBe(
      `https://${TEST_SHOP}`,
    );

    await window.fetch("/app/members?_data=routes%2Fapp.members");
    await window.fetch("https://elsewhere.example/api");
    expect(requests).toHaveLength(2);
    const [own, foreign] = requests;
    expect(own.headers.get("authorization")).toMatch(/^Bearer /);
    const sent = own.headers.get("authorization")!.slice("Bearer ".length);
    expect((await shopify.session.decodeSessionToken(sent)).aud).toBe(
      TEST_API_KEY,
    );
    expect(foreign.headers.get("authorization")).toBeNull();

    window.shopify.toast.show("Saved");
    expect(window.posted).toContainEqual(
      expect.objectContaining({
        type: "emulator:toast",
        message: "Saved",
        isError: false,
      }),
    );
  });

  it("retries once with a new token when the app says the session token was invalid", async () => {
    const requests: Request[] = [];
    const window = loadAppBridge(requests, (_request, index) =>
      index === 0
        ? new Response("", {
            status: 401,
            headers: { "X-Shopify-Retry-Invalid-Session-Request": "1" },
          })
        : new Response("ok"),
    );
    const response = await window.fetch("/app/data", {
      method: "POST",
      body: "a=1",
    });
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(2);
    expect(await requests[1].text()).toBe("a=1");
    expect(requests[1].headers.get("authorization")).not.toBe(
      requests[0].headers.get("authorization"),
    );
  });
});
