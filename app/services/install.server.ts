// Placeholder owned by the domain work: creates the Shop and its default Program, and queues
// the metafield definitions and shop profile sync. Must be idempotent (afterAuth may run again).
export async function installShop(shopDomain: string): Promise<void> {
  void shopDomain;
}
