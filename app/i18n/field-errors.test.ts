import { describe, expect, it } from "vitest";

import { fieldErrorKey, translateFieldErrors } from "~/i18n/field-errors";
import { t } from "~/i18n/translate";
import { CampaignInputSchema } from "~/loyalty/campaigns";
import { VALIDATION_CODES } from "~/loyalty/validation-codes";
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

  it("has words in both languages for every code the core gives", () => {
    for (const code of VALIDATION_CODES) {
      const key = fieldErrorKey(code);
      expect(key, code).not.toBe("form.error.invalid");
      expect(en(key)).not.toBe(fr(key));
      expect(en(key)).not.toMatch(/^(invalid|form)\./);
    }
  });
});
