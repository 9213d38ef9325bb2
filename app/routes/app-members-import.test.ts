import { beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { action } from "~/routes/app.members.import";
import {
  BROWSER_USER_AGENT,
  sessionToken,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { seedShop } from "~/../test/browser/seed-admin";
import { MAX_IMPORT_FILE_BYTES } from "~/services/balance-import.server";

// The import page's action as Remix calls it, through the real authenticate.admin.
const SHOP = "import-routes.myshopify.com";
const APP = "http://localhost:3999";

beforeAll(async () => {
  await seedShop(prisma, SHOP, { currencyCode: "EUR" });
  await storeOfflineSession(prisma, SHOP);
});

async function post(body: FormData, headers: Record<string, string> = {}) {
  const request = new Request(`${APP}/app/members/import`, {
    method: "POST",
    body,
    headers: {
      Authorization: `Bearer ${await sessionToken(SHOP)}`,
      "User-Agent": BROWSER_USER_AGENT,
      ...headers,
    },
  });
  const result = await action({ request, params: {}, context: {} }).catch(
    (thrown: unknown) => thrown,
  );
  if (!(result instanceof Response)) throw new Error("expected a Response");
  return result;
}

const form = (file?: File) => {
  const body = new FormData();
  body.set("intent", "check");
  if (file) body.set("file", file);
  return body;
};

describe("/app/members/import", () => {
  it("refuses a file over 10 MB with a 413 and keeps nothing", async () => {
    const big = new File(
      [new Uint8Array(MAX_IMPORT_FILE_BYTES + 1).fill(65)],
      "big.csv",
      { type: "text/csv" },
    );
    const response = await post(form(big));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      intent: "check",
      error: "too_large",
    });
    expect(await prisma.balanceImport.count()).toBe(0);
  });

  it("asks for a file, and refuses one it cannot read with a 422", async () => {
    expect((await post(form())).status).toBe(422);
    const response = await post(
      form(new File(["name,amount\nAda,3\n"], "x.csv", { type: "text/csv" })),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      preview: { outcome: "unreadable", reason: "no_points_column" },
    });
  });

  it("answers 400 to an apply without an import id", async () => {
    const body = new FormData();
    body.set("intent", "apply");
    expect((await post(body)).status).toBe(400);
  });
});
