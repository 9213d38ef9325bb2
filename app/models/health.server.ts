import prisma from "~/db.server";

/** Throws if the database does not answer. */
export async function pingDatabase(): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}
