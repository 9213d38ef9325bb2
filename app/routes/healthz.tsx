import { pingDatabase } from "~/models/health.server";

// Liveness for the demo, tests and load balancers: the process answers and the database is reachable.
export async function loader() {
  await pingDatabase();
  return new Response("ok", {
    headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
  });
}
