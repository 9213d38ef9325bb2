import prisma from "~/db.server";

// Liveness for the demo, tests and load balancers: the process answers and the database is reachable.
export async function loader() {
  await prisma.$queryRaw`SELECT 1`;
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
