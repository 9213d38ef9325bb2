import { describe, expect, it } from "vitest";

import { describeCodePool } from "~/components/code-pool-summary";
import { createTranslator } from "~/i18n/translate";

const files = [
  { total: 3, assigned: 1, remaining: 0 },
  { total: 2, assigned: 0, remaining: 2 },
];

describe("the code pool summary", () => {
  it("adds up with the files table, deleted codes included, with plural forms", () => {
    expect(describeCodePool(createTranslator("fr", "UTC").t, files)).toBe(
      "5 codes importés\u00a0: 1 attribué à un client, 2 inutilisés, 2 supprimés.",
    );
    expect(describeCodePool(createTranslator("en", "UTC").t, files)).toBe(
      "5 codes imported: 1 given to a customer, 2 unused, 2 deleted.",
    );
    expect(
      describeCodePool(createTranslator("fr", "UTC").t, [
        { total: 1, assigned: 1, remaining: 0 },
      ]),
    ).toBe(
      "1 code importé\u00a0: 1 attribué à un client, 0 inutilisé, 0 supprimé.",
    );
  });
});
