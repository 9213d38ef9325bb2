import {
  coerceInputValue,
  type GraphQLInputType,
  type GraphQLSchema,
  isNonNullType,
  type OperationDefinitionNode,
  print,
  typeFromAST,
  valueFromAST,
} from "graphql";

import type { ShopifyError } from "./errors";

interface Problem {
  path: (string | number)[];
  explanation: string;
}

/**
 * Coerces the request's variables against the operation's definitions, reporting failures as
 * graphql-ruby does: "Variable $input of type CustomerInput! was provided invalid value for email
 * (Expected value to not be null)" with `extensions.problems`. Nothing runs when any variable fails.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown>,
):
  | { ok: true; values: Record<string, unknown> }
  | { ok: false; errors: ShopifyError[] } {
  const values: Record<string, unknown> = {};
  const errors: ShopifyError[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as
      GraphQLInputType | undefined;
    if (!type) continue; // already reported by validation
    const typeName = print(definition.type);
    const problems: Problem[] = [];
    if (
      !Object.prototype.hasOwnProperty.call(raw, name) ||
      raw[name] === undefined
    ) {
      if (definition.defaultValue)
        values[name] = valueFromAST(definition.defaultValue, type);
      else if (isNonNullType(type))
        problems.push({
          path: [],
          explanation: "Expected value to not be null",
        });
    } else if (raw[name] === null && isNonNullType(type)) {
      problems.push({ path: [], explanation: "Expected value to not be null" });
    } else {
      values[name] = coerceInputValue(
        raw[name],
        type,
        (path, invalidValue, error) =>
          problems.push(explain(path, invalidValue, error.message)),
      );
    }
    if (problems.length > 0) {
      const located = problems.filter((problem) => problem.path.length > 0);
      const detail =
        located.length > 0
          ? ` for ${located.map((problem) => `${problem.path.join(".")} (${problem.explanation})`).join(", ")}`
          : "";
      errors.push({
        message: `Variable $${name} of type ${typeName} was provided invalid value${detail}`,
        locations: definition.loc ? [locationOf(definition.loc)] : undefined,
        extensions: {
          code: "INVALID_VARIABLE",
          value: raw[name] ?? null,
          problems,
        },
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

function locationOf(loc: NonNullable<OperationDefinitionNode["loc"]>): {
  line: number;
  column: number;
} {
  const before = loc.source.body.slice(0, loc.start).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function explain(
  path: readonly (string | number)[],
  invalidValue: unknown,
  rawMessage: string,
): Problem {
  // graphql-js prefixes custom scalar failures with the expected type; the scalar's own message says it already.
  const message = rawMessage.replace(/^Expected type "\w+"\. /, "");
  let match = /^Field "(\w+)" of required type "(.+)" was not provided\.$/.exec(
    message,
  );
  if (match)
    return {
      path: [...path, match[1]],
      explanation: "Expected value to not be null",
    };
  match = /^Field "(\w+)" is not defined by type "(\w+)"\./.exec(message);
  if (match)
    return {
      path: [...path, match[1]],
      explanation: `Field is not defined on ${match[2]}`,
    };
  if (/^Expected non-nullable type ".+" not to be null\.$/.test(message))
    return { path: [...path], explanation: "Expected value to not be null" };
  match = /^Value "(.+)" does not exist in "(\w+)" enum\./.exec(message);
  if (match)
    return {
      path: [...path],
      explanation: `Expected "${match[1]}" to be one of the ${match[2]} values`,
    };
  match = /^(Int|Float|String|Boolean|ID) cannot represent/.exec(message);
  if (match)
    return {
      path: [...path],
      explanation: `Could not coerce value ${JSON.stringify(invalidValue)} to ${match[1]}`,
    };
  match = /^Expected type "(\w+)" to be an object\.$/.exec(message);
  if (match)
    return {
      path: [...path],
      explanation: `Expected value to be an object (${match[1]})`,
    };
  match =
    /^Within OneOf Input Object type "(\w+)", exactly one field must be specified|^Exactly one key must be specified for OneOf type "(\w+)"\./.exec(
      message,
    );
  if (match)
    return {
      path: [...path],
      explanation: `'${match[1] ?? match[2]}' requires exactly one argument`,
    };
  return { path: [...path], explanation: message };
}
