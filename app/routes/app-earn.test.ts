import { beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  action as apiKeyAction,
  loader as apiKeyLoader,
} from "~/routes/app.earn.api-key";
import {
  action as editorAction,
  loader as editorLoader,
} from "~/routes/app.earn.$ruleId";
import {
  action as campaignsAction,
  loader as campaignsLoader,
} from "~/routes/app.earn.campaigns";
import {
  action as listAction,
  loader as listLoader,
} from "~/routes/app.earn._index";
import {
  action as birthdayAction,
  loader as birthdayLoader,
} from "~/routes/app.members.$memberId_.birthday";
import {
  action as moderationAction,
  loader as moderationLoader,
} from "~/routes/app.earn.submissions";
import { submitContent } from "~/services/earn-actions.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import {
  adminRequest,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { buildCustomerFacts } from "~/../test/factories";
import { expectLedgerConsistent } from "~/../test/ledger-invariants";

// The ways-to-earn admin pages called as Remix calls them, through the real authenticate.admin.
const SHOP = "earn-admin.myshopify.com";
const APP = "http://localhost:3999";
const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

async function post(path: string, body: Record<string, string>) {
  const request = await adminRequest(`${APP}${path}`, SHOP);
  return new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: new URLSearchParams(body),
  });
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  const outcome = await promise.then(
    () => new Error("did not throw"),
    (error: unknown) => error,
  );
  if (!(outcome instanceof Response)) throw outcome;
  return outcome;
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(prisma, SHOP);
});

describe("ways to earn admin", () => {
  it("lists the default order rule, adds a birthday rule, switches and deletes it", async () => {
    const listed = await listLoader(
      args(await adminRequest(`${APP}/app/earn`, SHOP)),
    );
    expect(listed.rules).toMatchObject([
      { type: "place_order", earnPoints: 1, enabled: true },
    ]);

    const values = {
      name: "Happy birthday",
      enabled: true,
      points: "250",
      limits: { day: "", week: "", month: "", lifetime: "" },
    };
    const bad = await editorAction(
      args(
        await post("/app/earn/new", {
          payload: JSON.stringify({
            type: "birthday",
            values: { ...values, points: "0" },
          }),
        }),
        { ruleId: "new" },
      ),
    );
    expect(bad).toMatchObject({ errors: { points: expect.any(String) } });
    const saved = await editorAction(
      args(
        await post("/app/earn/new", {
          payload: JSON.stringify({ type: "birthday", values }),
        }),
        { ruleId: "new" },
      ),
    );
    expect(saved).toBeInstanceOf(Response);
    expect((saved as Response).headers.get("location")).toBe("/app/earn");

    const birthday = (
      await listLoader(args(await adminRequest(`${APP}/app/earn`, SHOP)))
    ).rules.find((r) => r.type === "birthday")!;
    expect(birthday).toMatchObject({
      name: "Happy birthday",
      points: 250,
      enabled: true,
    });
    const edit = await editorLoader(
      args(await adminRequest(`${APP}/app/earn/${birthday.id}`, SHOP), {
        ruleId: birthday.id,
      }),
    );
    expect(edit.values).toMatchObject({
      name: "Happy birthday",
      points: "250",
    });

    await listAction(
      args(
        await post("/app/earn", {
          intent: "switch",
          ruleId: birthday.id,
          active: "false",
        }),
      ),
    );
    expect(
      (
        await listLoader(args(await adminRequest(`${APP}/app/earn`, SHOP)))
      ).rules.find((r) => r.id === birthday.id)?.enabled,
    ).toBe(false);
    await listAction(
      args(await post("/app/earn", { intent: "delete", ruleId: birthday.id })),
    );
    expect(
      (await listLoader(args(await adminRequest(`${APP}/app/earn`, SHOP))))
        .rules,
    ).toHaveLength(1);
    expect(
      (
        await thrown(
          editorLoader(
            args(await adminRequest(`${APP}/app/earn/${birthday.id}`, SHOP), {
              ruleId: birthday.id,
            }),
          ),
        )
      ).status,
    ).toBe(404);
  });

  it("edits the order rule's timing and limits from the form values", async () => {
    const [rule] = (
      await listLoader(args(await adminRequest(`${APP}/app/earn`, SHOP)))
    ).rules;
    const { values } = await editorLoader(
      args(await adminRequest(`${APP}/app/earn/${rule.id}`, SHOP), {
        ruleId: rule.id,
      }),
    );
    const changed = {
      ...values,
      earnPoints: "5",
      timing: "after_payment",
      delay: "3",
      delayUnit: "days",
      excludedTags: "gift, sample",
      limits: { ...values!.limits, day: "2" },
    };
    await editorAction(
      args(
        await post(`/app/earn/${rule.id}`, {
          payload: JSON.stringify({ type: "place_order", values: changed }),
        }),
        { ruleId: rule.id },
      ),
    );
    const after = (
      await listLoader(args(await adminRequest(`${APP}/app/earn`, SHOP)))
    ).rules[0];
    expect(after).toMatchObject({
      earnPoints: 5,
      timing: { when: "after_payment", delay: 3, unit: "days" },
      exclusions: { productTags: ["gift", "sample"] },
      limits: [{ per: "day", maxAwards: 2 }],
    });
  });

  it("creates and deletes a campaign", async () => {
    const payload = JSON.stringify({
      name: "Weekend",
      multiplier: 2,
      startsAt: "2026-11-28T00:00:00Z",
      endsAt: "2026-11-30T00:00:00Z",
      appliesTo: { kind: "all_rules" },
    });
    expect(
      await campaignsAction(
        args(await post("/app/earn/campaigns", { intent: "create", payload })),
      ),
    ).toEqual({ created: true, errors: {} });
    const { campaigns } = await campaignsLoader(
      args(await adminRequest(`${APP}/app/earn/campaigns`, SHOP)),
    );
    expect(campaigns).toMatchObject([{ name: "Weekend", multiplier: 2 }]);
    await campaignsAction(
      args(
        await post("/app/earn/campaigns", {
          intent: "delete",
          campaignId: campaigns[0].id,
        }),
      ),
    );
    expect(
      (
        await campaignsLoader(
          args(await adminRequest(`${APP}/app/earn/campaigns`, SHOP)),
        )
      ).campaigns,
    ).toEqual([]);
  });

  it("lists each campaign under its name in the admin's language, else the shop's primary one", async () => {
    const payload = JSON.stringify({
      name: "Weekend",
      nameTranslations: { fr: "Week-end doublé", en: "Double weekend" },
      multiplier: 2,
      startsAt: "2026-11-28T00:00:00Z",
      endsAt: "2026-11-30T00:00:00Z",
      appliesTo: { kind: "all_rules" },
    });
    expect(
      await campaignsAction(
        args(await post("/app/earn/campaigns", { intent: "create", payload })),
      ),
    ).toEqual({ created: true, errors: {} });
    const names = async (locale: string) =>
      (
        await campaignsLoader(
          args(
            await adminRequest(
              `${APP}/app/earn/campaigns?locale=${locale}`,
              SHOP,
            ),
          ),
        )
      ).campaigns.map((c) => c.name);
    expect(await names("fr")).toEqual(["Week-end doublé"]);
    expect(await names("en")).toEqual(["Double weekend"]);
  });

  it("reads a campaign's typed start and end as the shop's time, whatever the browser's zone", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { ianaTimezone: "Europe/Paris" },
    });
    const payload = JSON.stringify({
      name: "Black Friday",
      multiplier: 3,
      // What the datetime-local fields send: wall-clock times, no zone.
      startsAt: "2026-11-27T00:00",
      endsAt: "2026-07-01T09:30",
      appliesTo: { kind: "all_rules" },
    });
    // Ends before it starts (winter start, summer end the year before): refused, nothing saved.
    expect(
      (
        await campaignsAction(
          args(
            await post("/app/earn/campaigns", { intent: "create", payload }),
          ),
        )
      ).errors,
    ).toHaveProperty("endsAt");
    await campaignsAction(
      args(
        await post("/app/earn/campaigns", {
          intent: "create",
          payload: payload.replace("2026-07-01T09:30", "2027-07-01T09:30"),
        }),
      ),
    );
    const { campaigns, timeZone } = await campaignsLoader(
      args(await adminRequest(`${APP}/app/earn/campaigns`, SHOP)),
    );
    expect(timeZone).toBe("Europe/Paris");
    // Midnight in Paris in November is 23:00 UTC the day before; 09:30 in July is 07:30 UTC.
    expect(campaigns).toMatchObject([
      {
        name: "Black Friday",
        startsAt: "2026-11-26T23:00:00.000Z",
        endsAt: "2027-07-01T07:30:00.000Z",
      },
    ]);
  });

  it("moderates a submission: approve awards, reject with a message", async () => {
    await enrollCustomer(SHOP, buildCustomerFacts());
    const mission = JSON.stringify({
      type: "content_mission",
      values: {
        name: "Unboxing",
        enabled: true,
        points: "40",
        instructions: "Film it",
        submission: "url",
        limits: { day: "", week: "", month: "", lifetime: "" },
      },
    });
    await editorAction(
      args(await post("/app/earn/new", { payload: mission }), {
        ruleId: "new",
      }),
    );
    const ruleId = (
      await prisma.earningRule.findFirstOrThrow({
        where: { type: "content_mission" },
      })
    ).id;
    const submitted = await submitContent(
      SHOP,
      "cust-1",
      ruleId,
      "https://video.example/1",
    );
    if (!submitted.ok) throw new Error("not submitted");

    const queue = await moderationLoader(
      args(await adminRequest(`${APP}/app/earn/submissions`, SHOP)),
    );
    expect(queue.submissions).toMatchObject([
      {
        id: submitted.submissionId,
        mission: "Unboxing",
        content: "https://video.example/1",
      },
    ]);
    expect(
      await moderationAction(
        args(
          await post("/app/earn/submissions", {
            submissionId: submitted.submissionId,
            decision: "approve",
          }),
        ),
      ),
    ).toEqual({ result: "approved" });
    expect((await prisma.member.findFirstOrThrow()).balance).toBe(40);
    expect(
      await moderationAction(
        args(
          await post("/app/earn/submissions", {
            submissionId: submitted.submissionId,
            decision: "reject",
          }),
        ),
      ),
    ).toEqual({ result: "gone" });
    await expectLedgerConsistent(prisma);
  });

  it("sets a member's birthday from the admin, with the 30-day rule", async () => {
    await enrollCustomer(SHOP, buildCustomerFacts());
    const memberId = (await prisma.member.findFirstOrThrow()).id;
    const values = {
      name: "Birthday",
      enabled: true,
      points: "100",
      limits: { day: "", week: "", month: "", lifetime: "" },
    };
    await editorAction(
      args(
        await post("/app/earn/new", {
          payload: JSON.stringify({ type: "birthday", values }),
        }),
        { ruleId: "new" },
      ),
    );
    expect(
      (
        await birthdayLoader(
          args(
            await adminRequest(`${APP}/app/members/${memberId}/birthday`, SHOP),
            { memberId },
          ),
        )
      ).member,
    ).toMatchObject({
      birthday: null,
    });
    // The route reads the system clock (routes are the app's edge): "tomorrow" is by that clock too.
    // eslint-disable-next-line no-restricted-syntax
    const today = new Date();
    // Tomorrow is less than 30 days away: the first award is next year's.
    const tomorrow = new Date(today.getTime() + 24 * 3_600_000);
    const saved = await birthdayAction(
      args(
        await post(`/app/members/${memberId}/birthday`, {
          month: String(tomorrow.getUTCMonth() + 1),
          day: String(tomorrow.getUTCDate()),
        }),
        { memberId },
      ),
    );
    expect(saved).toMatchObject({ saved: true });
    expect(
      Number((saved as { nextAwardOn: string }).nextAwardOn.slice(0, 4)),
    ).toBeGreaterThan(today.getUTCFullYear());
    expect(
      await birthdayAction(
        args(
          await post(`/app/members/${memberId}/birthday`, {
            month: "2",
            day: "30",
          }),
          { memberId },
        ),
      ),
    ).toEqual({ saved: false });
  });

  it("rotates the API key: the new key is shown once, only its prefix afterwards", async () => {
    expect(
      (
        await apiKeyLoader(
          args(await adminRequest(`${APP}/app/earn/api-key`, SHOP)),
        )
      ).key,
    ).toBeNull();
    const { newKey } = await apiKeyAction(
      args(await post("/app/earn/api-key", {})),
    );
    expect(newKey).toMatch(/^lyk_/);
    const { key } = await apiKeyLoader(
      args(await adminRequest(`${APP}/app/earn/api-key`, SHOP)),
    );
    expect(newKey.startsWith(key!.prefix)).toBe(true);
    expect(JSON.stringify(key)).not.toContain(newKey);
  });
});

describe("malformed admin posts", () => {
  // What a hand-made post (or a stale page) can send: each gets its errors, never a 500.
  it.each([
    ["not JSON", "{nope"],
    ["JSON but not an object", "[1,2]"],
    [
      "an object with fields of the wrong types",
      '{"name":5,"multiplier":{},"startsAt":[]}',
    ],
  ])("a campaign whose payload is %s gets field errors", async (_, payload) => {
    const result = await campaignsAction(
      args(await post("/app/earn/campaigns", { intent: "create", payload })),
    );
    expect(Object.keys(result.errors).length).toBeGreaterThan(0);
    expect(await prisma.campaign.count({ where: { shopDomain: SHOP } })).toBe(
      0,
    );
  });

  it.each([
    ["not JSON", "{nope"],
    [
      "values of the wrong types",
      '{"type":"birthday","values":{"points":5,"limits":"x","enabled":"yes"}}',
    ],
    ["an unknown type", '{"type":"lottery","values":{}}'],
  ])(
    "a rule whose payload is %s gets errors and saves nothing",
    async (_, payload) => {
      const before = await prisma.earningRule.count({
        where: { shopDomain: SHOP },
      });
      const result = await editorAction(
        args(await post("/app/earn/new", { payload }), { ruleId: "new" }),
      );
      expect(result).not.toBeInstanceOf(Response);
      expect(
        Object.keys((result as { errors: object }).errors).length,
      ).toBeGreaterThan(0);
      expect(
        await prisma.earningRule.count({ where: { shopDomain: SHOP } }),
      ).toBe(before);
    },
  );

  it("a rejection whose message is over 500 characters decides nothing", async () => {
    const result = await moderationAction(
      args(
        await post("/app/earn/submissions", {
          submissionId: "any",
          decision: "reject",
          message: "x".repeat(5000),
        }),
      ),
    );
    expect(result).toEqual({ result: "message_too_long" });
  });
});
