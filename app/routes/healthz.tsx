import { pingDatabase } from "~/models/health.server";

// Liveness for the demo, tests and load balancers: the process answers and the database is
// reachable. 503 when it is not, so a load balancer takes the instance out without an error page.
export async function loader() {
  const headers = { "Content-Type": "text/plain", "Cache-Control": "no-store" };
  try {
    await pingDatabase();
  } catch (error) {
    console.warn(
      `healthz: database unreachable: ${error instanceof Error ? error.message : String(error)}`,
    );
    return new Response("database unreachable", { status: 503, headers });
  }
  return new Response("ok", { headers });
}
