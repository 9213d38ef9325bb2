import { beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { action, loader } from "~/routes/app.program-page";
import { installShop } from "~/services/install.server";
import {
  adminRequest,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";

// The "Program page" editor called as Remix calls it, through the real authenticate.admin.
const SHOP = "program-page-admin.myshopify.com";
const APP = "http://localhost:3999";
const args = (request: Request) => ({ request, params: {}, context: {} });

async function post(body: Record<string, string>) {
  const request = await adminRequest(`${APP}/app/program-page`, SHOP);
  return new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: new URLSearchParams(body),
  });
}

const VALID = {
  bannerUrl: "https://cdn.example.com/banner.jpg",
  accentColor: "#AA3300",
  accentText: "#ffffff",
  "headline.en": "Earn with every coffee",
  "headline.fr": "Gagnez à chaque café",
  "intro.en": "",
  "intro.fr": "",
  "earnHeading.en": "",
  "earnHeading.fr": "",
};

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(prisma, SHOP);
});

describe("Program page editor", () => {
  it("saves the look per language and previews it for guests in both languages", async () => {
    expect(await action(args(await post(VALID)))).toEqual({ ok: true });
    const loaded = await loader(
      args(await adminRequest(`${APP}/app/program-page`, SHOP)),
    );
    expect(loaded.active).toBe(true);
    expect(loaded.appearance).toMatchObject({
      bannerUrl: "https://cdn.example.com/banner.jpg",
      accentColor: "#aa3300",
      headline: { en: "Earn with every coffee", fr: "Gagnez à chaque café" },
      intro: {},
    });
    expect(loaded.views.fr.appearance.headline).toBe("Gagnez à chaque café");
    expect(loaded.views.fr.appearance.intro).toContain("Gagnez des points");
  });

  it("refuses a colour or an image address it cannot use, and keeps what was saved", async () => {
    await action(args(await post(VALID)));
    const refused = await action(
      args(
        await post({
          ...VALID,
          accentColor: "red;background:url(x)",
          bannerUrl: "javascript:alert(1)",
        }),
      ),
    );
    expect(refused).toEqual({
      ok: false,
      errors: {
        accentColor: "programPage.error.color",
        bannerUrl: "programPage.error.url",
      },
    });
    expect(
      await prisma.programPage.findUniqueOrThrow({
        where: { shopDomain: SHOP },
      }),
    ).toMatchObject({ accentColor: "#aa3300" });
  });
});
