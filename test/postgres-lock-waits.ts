import type { PrismaClient } from "@prisma/client";

/**
 * PostgreSQL only: resolves once a session of the test's database waits on a lock (a row held by
 * a transaction the test keeps open), so a race can be released at the moment it matters rather
 * than after a guessed delay. Gives up after about two seconds: the test's own assertions then say
 * what happened.
 */
export async function untilASessionWaitsOnALock(
  prisma: PrismaClient,
): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const [{ waiting }] = await prisma.$queryRaw<{ waiting: number }[]>`
      SELECT COUNT(*)::int AS "waiting" FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
