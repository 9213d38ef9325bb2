import { Session } from "@shopify/shopify-api";
import { MemorySessionStorage } from "@shopify/shopify-app-session-storage-memory";
import { describe, expect, it, vi } from "vitest";

import { CachedSessionStorage } from "~/shopify/cached-session-storage.server";

const offline = (token: string) =>
  new Session({
    id: "offline_cache.myshopify.com",
    shop: "cache.myshopify.com",
    state: "s",
    isOnline: false,
    accessToken: token,
    scope: "read_orders",
  });

describe("CachedSessionStorage", () => {
  it("answers a webhook's repeated loads from memory until the time-to-live runs out", async () => {
    const inner = new MemorySessionStorage();
    await inner.storeSession(offline("token-1"));
    const load = vi.spyOn(inner, "loadSession");
    let now = 1_000;
    const storage = new CachedSessionStorage(inner, 30_000, () => now);
    const loadForWebhook = () =>
      storage.whileReceivingWebhook(() =>
        storage.loadSession("offline_cache.myshopify.com"),
      );

    expect((await loadForWebhook())?.accessToken).toBe("token-1");
    expect((await loadForWebhook())?.accessToken).toBe("token-1");
    expect(load).toHaveBeenCalledTimes(1);

    now += 30_001;
    await loadForWebhook();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("never serves a session deleted behind its back outside a webhook (a reinstall must exchange a token)", async () => {
    const inner = new MemorySessionStorage();
    await inner.storeSession(offline("token-1"));
    const storage = new CachedSessionStorage(inner, 30_000, () => 1_000);
    await storage.whileReceivingWebhook(() =>
      storage.loadSession("offline_cache.myshopify.com"),
    );

    // app/uninstalled deletes the rows in its own transaction, maybe in another process.
    await inner.deleteSession("offline_cache.myshopify.com");

    expect(
      await storage.loadSession("offline_cache.myshopify.com"),
    ).toBeUndefined();
    expect(
      await storage.whileReceivingWebhook(() =>
        storage.loadSession("offline_cache.myshopify.com"),
      ),
    ).toBeUndefined();
  });

  it("sees its own writes and deletes at once, and never shares one session object", async () => {
    const storage = new CachedSessionStorage(new MemorySessionStorage());
    await storage.storeSession(offline("token-1"));
    const first = await storage.loadSession("offline_cache.myshopify.com");
    first!.accessToken = "changed by a caller";

    expect(
      (await storage.loadSession("offline_cache.myshopify.com"))?.accessToken,
    ).toBe("token-1");
    await storage.storeSession(offline("token-2"));
    expect(
      (await storage.loadSession("offline_cache.myshopify.com"))?.accessToken,
    ).toBe("token-2");
    await storage.deleteSession("offline_cache.myshopify.com");
    expect(
      await storage.loadSession("offline_cache.myshopify.com"),
    ).toBeUndefined();
  });
});
