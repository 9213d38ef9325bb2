import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

import {
  buildClientSchema,
  type GraphQLScalarType,
  type GraphQLSchema,
  type IntrospectionQuery,
  isScalarType,
  Kind,
  type ValueNode,
} from "graphql";

/** The one Admin API version the emulator plays (DESIGN.md, external contracts). */
export const ADMIN_API_VERSION = "2026-07";

const schemaFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  `../schema/admin_${ADMIN_API_VERSION}.json.gz`,
);

let cached: GraphQLSchema | null = null;

/** Shopify's published Admin schema, built once per process (about 0.1 s), with Shopify's scalar rules. */
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(
      gunzipSync(readFileSync(schemaFile)).toString("utf8"),
    ) as { data?: IntrospectionQuery } & IntrospectionQuery;
    // assumeValid: the file is Shopify's own introspection output; re-validating it costs time for nothing.
    const schema = buildClientSchema(json.data ?? json, { assumeValid: true });
    enforceScalarFormats(schema);
    cached = schema;
  }
  return cached;
}

type Check = (value: unknown) => unknown;

const isDecimal = (value: unknown) =>
  (typeof value === "number" && Number.isFinite(value)) ||
  (typeof value === "string" && /^[-+]?\d+(\.\d+)?$/.test(value.trim()));

/**
 * Introspection carries custom scalars' names only, so buildClientSchema would accept anything for
 * them. Shopify does not: a malformed DateTime or Decimal is refused before anything runs.
 */
const SCALAR_CHECKS: Record<string, Check> = {
  DateTime: (value) => {
    if (
      typeof value === "string" &&
      /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
        value,
      ) &&
      !Number.isNaN(Date.parse(value))
    )
      return value;
    throw new TypeError(
      `Could not coerce value ${JSON.stringify(value)} to DateTime`,
    );
  },
  Date: (value) => {
    if (
      typeof value === "string" &&
      /^\d{4}-\d{2}-\d{2}$/.test(value) &&
      !Number.isNaN(Date.parse(value))
    )
      return value;
    throw new TypeError(
      `Could not coerce value ${JSON.stringify(value)} to Date`,
    );
  },
  Decimal: (value) => {
    if (isDecimal(value)) return String(value).trim();
    throw new TypeError(
      `Could not coerce value ${JSON.stringify(value)} to Decimal`,
    );
  },
  Money: (value) => {
    if (isDecimal(value)) return String(value).trim();
    throw new TypeError(
      `Could not coerce value ${JSON.stringify(value)} to Money`,
    );
  },
  UnsignedInt64: (value) => {
    if (
      (typeof value === "number" && Number.isInteger(value) && value >= 0) ||
      (typeof value === "string" && /^\d+$/.test(value))
    )
      return String(value);
    throw new TypeError(
      `Could not coerce value ${JSON.stringify(value)} to UnsignedInt64`,
    );
  },
  URL: (value) => {
    if (typeof value === "string") {
      try {
        new URL(value);
        return value;
      } catch {
        // fall through
      }
    }
    throw new TypeError(
      `Could not coerce value ${JSON.stringify(value)} to URL`,
    );
  },
};

function literalValue(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(node.value);
    case Kind.BOOLEAN:
      return node.value;
    default:
      return undefined;
  }
}

function enforceScalarFormats(schema: GraphQLSchema): void {
  for (const [name, check] of Object.entries(SCALAR_CHECKS)) {
    const type = schema.getType(name);
    if (!type || !isScalarType(type)) continue;
    const scalar = type as GraphQLScalarType & {
      parseValue: Check;
      parseLiteral: (node: ValueNode) => unknown;
    };
    scalar.parseValue = check;
    scalar.parseLiteral = (node: ValueNode) => check(literalValue(node));
  }
}
