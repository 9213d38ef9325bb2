import { beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { action, loader } from "~/routes/email.unsubscribe";
import { checkTemplate, previewEmail } from "~/services/emails/admin.server";
import { unsubscribeUrl } from "~/services/emails/unsubscribe.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { buildCustomerFacts } from "test/factories";

const SHOP = "unsubscribe-route.myshopify.com";
let memberId = "";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  memberId = (await enrollCustomer(SHOP, buildCustomerFacts({ locale: "fr" })))
    .memberId!;
});

const args = (request: Request) => ({ request, params: {}, context: {} });

describe("/email/unsubscribe", () => {
  it("shows a confirm button on GET and unsubscribes only on the one-click POST", async () => {
    const url = unsubscribeUrl(
      "http://localhost:3999",
      memberId,
      "test-api-secret",
    );
    const shown = await loader(args(new Request(url)));
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("Me désinscrire");
    expect(
      (await prisma.member.findUniqueOrThrow({ where: { id: memberId } }))
        .emailOptOutAt,
    ).toBeNull();

    const done = await action(
      args(
        new Request(url, {
          method: "POST",
          body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
        }),
      ),
    );
    expect(done.status).toBe(200);
    expect(
      (await prisma.member.findUniqueOrThrow({ where: { id: memberId } }))
        .emailOptOutAt,
    ).not.toBeNull();
  });

  it("refuses a link whose signature is not the member's", async () => {
    const other = (
      await enrollCustomer(SHOP, buildCustomerFacts({ customerId: "c2" }))
    ).memberId!;
    const forged = new URL(
      unsubscribeUrl("http://localhost:3999", other, "test-api-secret"),
    );
    forged.searchParams.set("m", memberId);
    const refused = await action(args(new Request(forged, { method: "POST" })));
    expect(refused.status).toBe(400);
    expect(
      (await prisma.member.findUniqueOrThrow({ where: { id: memberId } }))
        .emailOptOutAt,
    ).toBeNull();
  });
});

describe("the Emails page's checks and preview", () => {
  it("refuses invalid Liquid and previews the French text on sample data, escaped", () => {
    expect(
      checkTemplate({
        kind: "welcome",
        locale: "fr",
        subject: "{% if %}",
        body: "x",
      }),
    ).toMatchObject({
      ok: false,
      errors: { subject: { key: "emails.error.liquid" } },
    });
    const preview = previewEmail(
      {
        kind: "welcome",
        locale: "fr",
        subject: "Salut {{ first_name }}",
        body: "<i>{{ balance_label }}</i>",
      },
      { name: "Maison", timeZone: "Europe/Paris" },
    );
    expect(preview.subject).toBe("Salut Camille");
    expect(preview.html).toContain("&lt;i&gt;620 points&lt;/i&gt;");
  });
});
