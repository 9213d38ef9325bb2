import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { getMemberHistory } from "~/models/dashboard.server";
import { adjustMemberPoints } from "~/services/adjustments.server";
import {
  ACTIVITY_PAGE_SIZE,
  loadActivityLog,
  recordAuditNow,
} from "~/services/audit.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { switchProgram } from "~/services/program-identity.server";
import { buildCustomerFacts, FIXED_NOW } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "audit-test.myshopify.com";
const CAMILLE = { id: "101", name: "Camille Martin" };
const SAM = { id: "102", name: null };
const later = (minutes: number) =>
  new Date(FIXED_NOW.getTime() + minutes * 60_000);

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await enrollCustomer(SHOP, buildCustomerFacts({ customerId: "c-1" }));
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("the audit trail", () => {
  it("records who adjusted, and the member's history shows it beside the entry", async () => {
    const member = await prisma.member.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });
    const adjusted = await adjustMemberPoints(
      SHOP,
      member.id,
      {
        direction: "add",
        points: 40,
        description: "Geste commercial",
        idempotencyKey: "form-1",
      },
      { actor: CAMILLE, now: FIXED_NOW },
    );
    expect(adjusted.outcome).toBe("adjusted");
    // The same form posted twice: one entry, one audit row.
    await adjustMemberPoints(
      SHOP,
      member.id,
      {
        direction: "add",
        points: 40,
        description: "Geste commercial",
        idempotencyKey: "form-1",
      },
      { actor: CAMILLE, now: later(1) },
    );
    // A refused deduction leaves no trace either.
    expect(
      (
        await adjustMemberPoints(
          SHOP,
          member.id,
          {
            direction: "deduct",
            points: 500,
            description: "",
            idempotencyKey: "form-2",
          },
          { actor: SAM, now: later(2) },
        )
      ).outcome,
    ).toBe("insufficient_balance");

    const history = await getMemberHistory(SHOP, member.id, {
      page: 1,
      pageSize: 10,
    });
    expect(history?.entries).toEqual([
      expect.objectContaining({
        kind: "manual_adjustment",
        points: 40,
        by: { id: "101", name: "Camille Martin" },
      }),
    ]);
    const log = await loadActivityLog(SHOP, {}, 1);
    expect(log.events).toEqual([
      expect.objectContaining({
        action: "points.adjusted",
        actorId: "101",
        memberId: member.id,
        details: { points: 40 },
      }),
    ]);
  });

  it("filters by action and staff member and pages on the server, newest first", async () => {
    for (let i = 0; i < ACTIVITY_PAGE_SIZE + 3; i++)
      await recordAuditNow({
        shopDomain: SHOP,
        actor: i % 2 === 0 ? CAMILLE : SAM,
        action: "settings.saved",
        at: later(i),
      });
    await switchProgram(SHOP, false, SAM, later(100));

    const first = await loadActivityLog(SHOP, {}, 1);
    expect(first.total).toBe(ACTIVITY_PAGE_SIZE + 4);
    expect(first.events).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(first.events[0].action).toBe("program.switched_off");
    expect(first.hasNext).toBe(true);
    const second = await loadActivityLog(SHOP, {}, 2);
    expect(second.events).toHaveLength(4);
    expect(second.hasNext).toBe(false);
    expect(
      new Set([...first.events, ...second.events].map((e) => e.id)).size,
    ).toBe(ACTIVITY_PAGE_SIZE + 4);

    const switched = await loadActivityLog(
      SHOP,
      { actions: ["program.switched_off"] },
      1,
    );
    expect(switched.events.map((e) => e.actorId)).toEqual(["102"]);
    const camille = await loadActivityLog(SHOP, { actorId: "101" }, 1);
    expect(camille.total).toBe(Math.ceil((ACTIVITY_PAGE_SIZE + 3) / 2));
    expect(camille.actors.map((a) => a.actorId).sort()).toEqual(["101", "102"]);
  });
});
