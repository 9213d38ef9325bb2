import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";

/**
 * Session storage with a short in-memory cache in front of the database. authenticate.webhook
 * loads the shop's offline session on every delivery; at webhook volume that lookup cost more than
 * storing the webhook. Writes and deletes through this storage update the cache at once; a session
 * deleted behind its back (shop/redact deletes rows directly) is served for at most `ttlMs`, and a
 * stale offline token only makes an Admin API call fail and retry.
 */
export class CachedSessionStorage implements SessionStorage {
  private readonly cache = new Map<
    string,
    { session: Session; expiresAt: number }
  >();

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

  async loadSession(id: string): Promise<Session | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > this.now()) return copyOf(cached.session);
    this.cache.delete(id);
    const session = await this.inner.loadSession(id);
    if (session) this.remember(session);
    return session;
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
