import fs from "node:fs";
import path from "node:path";

import { parse } from "graphql";
import { describe, expect, it } from "vitest";

import { validateAgainstAdminSchema } from "~/../test/admin-schema";
import { type AdminOperation } from "~/shopify/admin-operation";
import { MetafieldDefinitionCreate } from "~/shopify/graphql/MetafieldDefinitionCreate";

/**
 * Every file in app/shopify/graphql/ holds one operation named after the file, valid against
 * Shopify's Admin schema for 2026-07. A renamed field or a wrong input type fails here, not at Shopify.
 */
const DIR = path.resolve("app/shopify/graphql");
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".ts") && !f.includes(".test."));

describe("Admin GraphQL documents", () => {
  it("has operations to check", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)(
    "%s holds one operation named after the file, valid for 2026-07",
    async (file) => {
      const name = path.basename(file, ".ts");
      const module = (await import(`./graphql/${name}.ts`)) as Record<
        string,
        unknown
      >;
      const operation = module[name] as
        AdminOperation<unknown, unknown> | undefined;

      expect(operation, `${file} must export const ${name}`).toBeDefined();
      expect(operation!.name).toBe(name);
      const definitions = parse(operation!.document).definitions;
      expect(definitions).toHaveLength(1);
      expect(definitions[0]).toMatchObject({
        kind: "OperationDefinition",
        name: { value: name },
      });
      expect(validateAgainstAdminSchema(operation!.document)).toEqual([]);
    },
  );

  it("catches a field that does not exist and variables Shopify would refuse", () => {
    expect(
      validateAgainstAdminSchema("query Broken { shop { loyaltyPoints } }"),
    ).not.toEqual([]);
    const definition = {
      ownerType: "CUSTOMER",
      key: "points",
      name: "Points",
      type: "number_integer",
      access: { storefront: "READ" },
    };
    expect(
      validateAgainstAdminSchema(MetafieldDefinitionCreate.document, {
        definition,
      }),
    ).not.toEqual([]);
  });
});
