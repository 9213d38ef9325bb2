import { type ActionFunctionArgs } from "@remix-run/node";

import {
  handleEarningApiRequest,
  methodNotAllowed,
} from "~/services/earning-api.server";

// POST /api/v1/actions: the earning API (Bearer shop key, Idempotency-Key required). See app/services/earning-api.server.ts.
export async function action({ request }: ActionFunctionArgs) {
  return handleEarningApiRequest(request, "actions");
}

export async function loader() {
  return methodNotAllowed();
}
