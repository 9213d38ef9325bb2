import { afterAll, beforeAll, expect, it, vi } from "vitest";

import type { RunningEmulator } from "./server";
import {
  startFakeApp,
  startTestEmulator,
  TEST_SHOP,
  type FakeApp,
} from "./store/test-support";

// The Admin API layer decides a "timeout after success"; the server's job is to hang up.
vi.mock("./admin/graphql", () => ({
  handleAdminGraphql: async () => ({ kind: "drop" }),
}));

let app: FakeApp;
let emulator: RunningEmulator;

beforeAll(async () => {
  app = await startFakeApp();
  emulator = await startTestEmulator(app.url);
});

afterAll(async () => {
  await emulator.close();
  await app.close();
});

it("destroys the socket without an answer when the Admin API layer says drop", async () => {
  const request = fetch(
    `${emulator.url}/${TEST_SHOP}/admin/api/2026-07/graphql.json`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "mutation { __typename }" }),
    },
  );
  await expect(request).rejects.toThrow();
  // The server itself keeps serving.
  expect((await fetch(`${emulator.url}/_emulator/health`)).status).toBe(200);
});
