import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import {
  buildClientSchema,
  getOperationAST,
  getVariableValues,
  type GraphQLSchema,
  type IntrospectionQuery,
  parse,
  validate,
} from "graphql";

/**
 * Shopify's published Admin schema for 2026-07 (vendored by the emulator, ISC licence), for
 * checking the app's operations without a network: documents with graphql-js `validate`,
 * variables with the same coercion a GraphQL server applies.
 */
const SCHEMA_FILE = path.resolve("emulator/schema/admin_2026-07.json.gz");

let cached: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const json = JSON.parse(
    zlib.gunzipSync(fs.readFileSync(SCHEMA_FILE)).toString("utf8"),
  ) as { data: IntrospectionQuery } | IntrospectionQuery;
  cached = buildClientSchema("data" in json ? json.data : json);
  return cached;
}

/** Problems with the document, or with these variables for it; [] when Shopify would accept both. */
export function validateAgainstAdminSchema(
  document: string,
  variables?: Record<string, unknown>,
): string[] {
  const schema = adminSchema();
  const ast = parse(document);
  const problems = validate(schema, ast).map((e) => e.message);
  if (problems.length > 0 || variables === undefined) return problems;
  const operation = getOperationAST(ast);
  if (!operation) return ["The document holds no single operation"];
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    variables,
  );
  return coerced.errors ? coerced.errors.map((e) => e.message) : [];
}
