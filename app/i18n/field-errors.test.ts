import { describe, expect, it } from "vitest";

import { translateFieldErrors } from "~/i18n/field-errors";
import { t } from "~/i18n/translate";
import { CampaignInputSchema } from "~/loyalty/campaigns";
import { fieldErrors } from "~/services/earning-rules.server";

const fr = (key: Parameters<typeof t>[1]) => t("fr", key);
const en = (key: Parameters<typeof t>[1]) => t("en", key);

describe("translateFieldErrors", () => {
  it("gives a validation rule's own message in French", () => {
    const parsed = CampaignInputSchema.safeParse({
      name: "Black Friday",
      multiplier: 2,
      startsAt: new Date("2026-11-28T00:00:00Z"),
      endsAt: new Date("2026-11-27T00:00:00Z"),
      appliesTo: { kind: "all_rules" },
      enabled: true,
    });
    expect(parsed.success).toBe(false);
    const errors = fieldErrors(parsed.error!);
    expect(translateFieldErrors(errors, fr)).toEqual({
      endsAt: "Une campagne doit se terminer après son début.",
    });
    expect(translateFieldErrors(errors, en)).toEqual({
      endsAt: "A campaign must end after it starts.",
    });
  });

  it("never shows zod's English default to a French merchant", () => {
    expect(
      translateFieldErrors({ points: "Number must be greater than 0" }, fr),
    ).toEqual({ points: "Saisissez une valeur valide." });
    expect(translateFieldErrors({}, fr)).toEqual({});
  });
});
