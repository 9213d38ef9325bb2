import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** The one Admin API version the emulator plays (DESIGN.md, external contracts). */
export const ADMIN_API_VERSION = "2026-07";

const schemaFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), `../schema/admin_${ADMIN_API_VERSION}.json.gz`);

let cached: GraphQLSchema | null = null;

/** Shopify's published Admin schema, built once per process (about 0.1 s). */
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(schemaFile)).toString("utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
    // assumeValid: the file is Shopify's own introspection output; re-validating it costs time for nothing.
    cached = buildClientSchema(json.data ?? json, { assumeValid: true });
  }
  return cached;
}
