import { describe, expect, it } from "vitest";

import type { FaultPlan } from "../context";
import { createAdminHarness } from "./testing";

const SHOP_NAME = `query ShopName { shop { name } }`;
const TAG = `mutation TagCustomer($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { message } } }`;

const plan = (overrides: Partial<FaultPlan>): FaultPlan => ({
  latencyMs: 0,
  serverErrorRate: 0,
  timeoutAfterSuccessRate: 0,
  operations: [],
  seed: 1,
  ...overrides,
});

async function outcomes(faults: FaultPlan, requests = 30): Promise<string[]> {
  const admin = createAdminHarness();
  admin.ctx.faults = faults;
  const seen: string[] = [];
  for (let i = 0; i < requests; i++) {
    const answer = await admin.graphql(SHOP_NAME);
    seen.push(answer.dropped ? "drop" : String(answer.status));
  }
  return seen;
}

describe("injected faults", () => {
  it("repeat exactly with the same seed and differ with another", async () => {
    const faults = { serverErrorRate: 0.3, timeoutAfterSuccessRate: 0.2 };
    const first = await outcomes(plan({ ...faults, seed: 42 }));
    const second = await outcomes(plan({ ...faults, seed: 42 }));
    expect(second).toEqual(first);
    expect(first).toContain("200");
    expect(first).toContain("drop");
    expect(first.some((status) => status === "502" || status === "503")).toBe(
      true,
    );
    expect(await outcomes(plan({ ...faults, seed: 7 }))).not.toEqual(first);
  });

  it("applies the mutation before dropping the connection (timeout after success)", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    admin.ctx.faults = plan({ timeoutAfterSuccessRate: 1 });
    const answer = await admin.graphql(TAG, {
      id: `gid://shopify/Customer/${customer.id}`,
      tags: ["applied"],
    });
    expect(answer.dropped).toBe(true);
    expect(answer.response).toEqual({ kind: "drop" });
    expect(customer.tags).toEqual(["applied"]);
    expect(admin.ctx.adminCalls[0]).toMatchObject({
      operationName: "TagCustomer",
      fault: "timeout_after_success",
    });
  });

  it("answers a Shopify-like 5xx without running anything", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    admin.ctx.faults = plan({ serverErrorRate: 1 });
    const answer = await admin.graphql(TAG, {
      id: `gid://shopify/Customer/${customer.id}`,
      tags: ["never"],
    });
    expect([502, 503]).toContain(answer.status);
    expect(customer.tags).toEqual([]);
    expect(admin.ctx.adminCalls[0].fault).toBe(String(answer.status));
  });

  it("only touches the named operations when the plan lists some", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    admin.ctx.faults = plan({
      serverErrorRate: 1,
      operations: ["TagCustomer"],
    });
    expect((await admin.graphql(SHOP_NAME)).status).toBe(200);
    expect(
      (
        await admin.graphql(TAG, {
          id: `gid://shopify/Customer/${customer.id}`,
          tags: ["x"],
        })
      ).status,
    ).toBeGreaterThanOrEqual(502);
    // Root field names count too, so a plan can target "tagsAdd" whatever the app calls its operation.
    admin.ctx.faults = plan({ serverErrorRate: 1, operations: ["tagsAdd"] });
    expect(
      (
        await admin.graphql(TAG, {
          id: `gid://shopify/Customer/${customer.id}`,
          tags: ["x"],
        })
      ).status,
    ).toBeGreaterThanOrEqual(502);
    expect(admin.ctx.adminCalls.map((call) => call.fault)).toEqual([
      null,
      expect.stringMatching(/^50[23]$/),
      expect.stringMatching(/^50[23]$/),
    ]);
  });

  it("restarts the sequence when a new plan is assigned or the plan is edited in place", async () => {
    const admin = createAdminHarness();
    const tenStatuses = async () => {
      const seen: number[] = [];
      for (let i = 0; i < 10; i++)
        seen.push((await admin.graphql(SHOP_NAME)).status);
      return seen;
    };
    admin.ctx.faults = plan({ serverErrorRate: 0.5, seed: 3 });
    const first = await tenStatuses();
    admin.ctx.faults = plan({ serverErrorRate: 0.5, seed: 3 });
    expect(await tenStatuses()).toEqual(first);

    Object.assign(admin.ctx.faults, { seed: 4 });
    const reseeded = await tenStatuses();
    Object.assign(admin.ctx.faults, { seed: 3 });
    expect(await tenStatuses()).toEqual(first);
    expect(reseeded).not.toEqual(first);
  });
});
