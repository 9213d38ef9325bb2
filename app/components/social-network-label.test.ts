import { describe, expect, it } from "vitest";

import { socialNetworkLabel } from "~/components/social-network-label";
import { t } from "~/i18n/translate";
import { SOCIAL_NETWORKS } from "~/loyalty/earning-rules";

describe("words a merchant found wrong", () => {
  it("writes networks as their owners do", () => {
    expect(SOCIAL_NETWORKS.map(socialNetworkLabel)).toEqual(
      expect.arrayContaining(["TikTok", "YouTube", "LinkedIn", "Instagram"]),
    );
  });

  it("says « 1 jour après le paiement », not « 1 jours »", () => {
    const delay = (count: number, locale: "en" | "fr") =>
      t(locale, "earn.points.timing.after_payment_delay", {
        delay: t(locale, "earn.delay.days", { count }),
      });
    expect(delay(1, "fr")).toBe("1\u00a0jour après le paiement");
    expect(delay(2, "fr")).toBe("2\u00a0jours après le paiement");
    expect(delay(1, "en")).toBe("1 day after payment");
    expect(delay(3, "en")).toBe("3 days after payment");
  });
});
