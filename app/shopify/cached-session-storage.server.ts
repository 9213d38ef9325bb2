import { AsyncLocalStorage } from "node:async_hooks";

import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";

/**
 * Session storage with a short in-memory cache in front of the database, for webhooks only.
 * authenticate.webhook loads the shop's offline session on every delivery; at webhook volume that
 * lookup cost more than storing the webhook, and a webhook route never uses the session it gets.
 *
 * Everything else reads the database: a session deleted behind the cache's back (app/uninstalled
 * and shop/redact delete rows in their own transaction, possibly in another process) must not
 * survive there, or a reinstall within the time-to-live finds the old session, skips token
 * exchange (and so afterAuth) and leaves the shop uninstalled while its admin loads.
 * Reads outside `whileReceivingWebhook` still refresh the cache.
 */
export class CachedSessionStorage implements SessionStorage {
  private readonly cache = new Map<
    string,
    { session: Session; expiresAt: number }
  >();
  private readonly webhookScope = new AsyncLocalStorage<boolean>();

  constructor(
    private readonly inner: SessionStorage,
    private readonly ttlMs = 30_000,
    // A time-to-live is a duration: the monotonic clock, unmoved by changes to the date.
    private readonly now: () => number = () => performance.now(),
  ) {}

  async storeSession(session: Session): Promise<boolean> {
    this.cache.delete(session.id);
    const stored = await this.inner.storeSession(session);
    if (stored) this.remember(session);
    return stored;
  }

  /** Runs `receive` (a webhook's authentication) with loads answered from the cache. */
  whileReceivingWebhook<T>(receive: () => Promise<T>): Promise<T> {
    return this.webhookScope.run(true, receive);
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const cached = this.cache.get(id);
    if (
      this.webhookScope.getStore() === true &&
      cached &&
      cached.expiresAt > this.now()
    )
      return copyOf(cached.session);
    this.cache.delete(id);
    const session = await this.inner.loadSession(id);
    if (!session) return undefined;
    this.remember(session);
    return copyOf(session);
  }

  async deleteSession(id: string): Promise<boolean> {
    this.cache.delete(id);
    return this.inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) this.cache.delete(id);
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }

  /** Forget everything cached (for example after sessions were deleted directly in the database). */
  clear(): void {
    this.cache.clear();
  }

  private remember(session: Session) {
    this.cache.set(session.id, {
      session: copyOf(session),
      expiresAt: this.now() + this.ttlMs,
    });
  }
}

// Callers may change the session they get (the library refreshes tokens on it): never share one.
function copyOf(session: Session): Session {
  return new Session(session.toObject());
}
