import { type PrismaClient } from "@prisma/client";
import { vi } from "vitest";

/**
 * A second app instance inside the test process: the app's modules evaluated a second time, with
 * a Prisma client (and connection pool) of their own on the same database, as a second process
 * started with the same DATABASE_URL would have. `load` imports what the test drives through it.
 * The first instance keeps the process's client (`~/db.server` imported by the test file).
 * Modules the first instance imports lazily (`await import`) from then on resolve to the second
 * instance's copies: for the redemption jobs that is the Admin API door, which reads the session.
 */
export async function startSecondInstance<T>(
  load: () => Promise<T>,
): Promise<{ modules: T; prisma: PrismaClient; stop: () => Promise<void> }> {
  const first = globalThis.prismaGlobal;
  // app/db.server.ts reuses a client kept on globalThis (for dev-server reloads): hide it.
  globalThis.prismaGlobal = undefined;
  vi.resetModules();
  try {
    const modules = await load();
    const prisma = (await import("~/db.server")).default;
    if (prisma === first)
      throw new Error("the second instance shares the first's client");
    return { modules, prisma, stop: () => prisma.$disconnect() };
  } finally {
    globalThis.prismaGlobal = first;
  }
}
