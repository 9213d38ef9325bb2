import {
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  Kind,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's Admin API runs graphql-ruby, so its errors read differently from graphql-js's:
 *   {"message":"Field 'foo' doesn't exist on type 'Shop'","locations":[{"line":1,"column":9}],
 *    "path":["query","shop","foo"],"extensions":{"code":"undefinedField","typeName":"Shop","fieldName":"foo"}}
 * graphql-js validates against the schema; this module rewrites its errors into that shape.
 */
export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions: Record<string, unknown> & { code: string };
}

/** The document path graphql-ruby reports: operation ("query Name"), then response keys, fragments as "fragment Name" / "... on Type". */
function documentPaths(document: DocumentNode): Map<ASTNode, string[]> {
  const paths = new Map<ASTNode, string[]>();
  const walk = (selectionSet: SelectionSetNode | undefined, base: string[]) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const path = [...base, selection.alias?.value ?? selection.name.value];
        paths.set(selection, path);
        for (const argument of selection.arguments ?? [])
          paths.set(argument, [...path, argument.name.value]);
        walk(selection.selectionSet, path);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const path = [
          ...base,
          selection.typeCondition
            ? `... on ${selection.typeCondition.name.value}`
            : "...",
        ];
        paths.set(selection, path);
        walk(selection.selectionSet, path);
      } else {
        paths.set(selection, [...base, `... ${selection.name.value}`]);
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      const root = definition.name
        ? `${definition.operation} ${definition.name.value}`
        : definition.operation;
      paths.set(definition, [root]);
      for (const variable of definition.variableDefinitions ?? [])
        paths.set(variable, [root]);
      walk(definition.selectionSet, [root]);
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const root = `fragment ${definition.name.value}`;
      paths.set(definition, [root]);
      walk(definition.selectionSet, [root]);
    }
  }
  return paths;
}

interface Rewrite {
  pattern: RegExp;
  rewrite: (match: RegExpExecArray) => {
    message: string;
    extensions: Record<string, unknown> & { code: string };
  };
}

const REWRITES: Rewrite[] = [
  {
    pattern: /^Cannot query field "(\w+)" on type "(\w+)"\./,
    rewrite: ([, field, type]) => ({
      message: `Field '${field}' doesn't exist on type '${type}'`,
      extensions: { code: "undefinedField", typeName: type, fieldName: field },
    }),
  },
  {
    pattern: /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\./,
    rewrite: ([, argument, , field]) => ({
      message: `Field '${field}' doesn't accept argument '${argument}'`,
      extensions: {
        code: "argumentNotAccepted",
        name: field,
        typeName: "Field",
        argumentName: argument,
      },
    }),
  },
  {
    pattern:
      /^Field "(\w+)\.(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided\./,
    rewrite: ([, , field, argument]) => ({
      message: `Field '${field}' is missing required arguments: ${argument}`,
      extensions: {
        code: "missingRequiredArguments",
        className: "Field",
        name: field,
        arguments: argument,
      },
    }),
  },
  {
    pattern:
      /^Field "(\w+)" of type "(.+)" must have a selection of subfields\./,
    rewrite: ([, field, type]) => ({
      message: `Field must have selections (field '${field}' returns ${type.replace(/[[\]!]/g, "")} but has no selections. Did you mean '${field} { ... }'?)`,
      extensions: {
        code: "selectionMismatch",
        nodeName: `field '${field}'`,
        typeName: type.replace(/[[\]!]/g, ""),
      },
    }),
  },
  {
    pattern:
      /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields\./,
    rewrite: ([, field, type]) => ({
      message: `Selections can't be made on scalars (field '${field}' returns ${type.replace(/[[\]!]/g, "")} but has selections)`,
      extensions: {
        code: "selectionMismatch",
        nodeName: `field '${field}'`,
        typeName: type.replace(/[[\]!]/g, ""),
      },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is never used in operation "(\w+)"\./,
    rewrite: ([, variable, operation]) => ({
      message: `Variable $${variable} is declared by ${operation} but not used`,
      extensions: { code: "variableNotUsed", variableName: variable },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is never used\./,
    rewrite: ([, variable]) => ({
      message: `Variable $${variable} is declared by anonymous query but not used`,
      extensions: { code: "variableNotUsed", variableName: variable },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is not defined by operation "(\w+)"\./,
    rewrite: ([, variable, operation]) => ({
      message: `Variable $${variable} is used by ${operation} but not declared`,
      extensions: { code: "variableNotDefined", variableName: variable },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is not defined\./,
    rewrite: ([, variable]) => ({
      message: `Variable $${variable} is used by anonymous query but not declared`,
      extensions: { code: "variableNotDefined", variableName: variable },
    }),
  },
  {
    pattern:
      /^Variable "\$(\w+)" of type "(.+)" used in position expecting type "(.+)"\./,
    rewrite: ([, variable, given, expected]) => ({
      message: `Nullability mismatch on variable $${variable} and argument (${given} / ${expected})`,
      extensions: {
        code: "variableMismatch",
        variableName: variable,
        typeName: given,
      },
    }),
  },
  {
    pattern: /^Unknown type "(\w+)"\./,
    rewrite: ([, type]) => ({
      message: `No such type ${type}, so it can't be a fragment condition or variable type`,
      extensions: { code: "undefinedType", typeName: type },
    }),
  },
  {
    pattern: /^Unknown fragment "(\w+)"\./,
    rewrite: ([, fragment]) => ({
      message: `Fragment ${fragment} was used, but not defined`,
      extensions: { code: "useAndDefineFragment", fragmentName: fragment },
    }),
  },
  {
    pattern: /^Fragment "(\w+)" is never used\./,
    rewrite: ([, fragment]) => ({
      message: `Fragment ${fragment} was defined, but not used`,
      extensions: { code: "useAndDefineFragment", fragmentName: fragment },
    }),
  },
  {
    pattern:
      /^(Expected value of type "(.+)", found .+|.+ cannot represent .+|Enum "(\w+)" cannot represent .+)$/,
    rewrite: ([message]) => ({
      message: `Argument has an invalid value: ${message}`,
      extensions: { code: "argumentLiteralsIncompatible" },
    }),
  },
];

export function formatValidationErrors(
  document: DocumentNode,
  errors: readonly GraphQLError[],
): ShopifyError[] {
  const paths = documentPaths(document);
  return errors.map((error) => {
    const node = error.nodes?.[error.nodes.length - 1];
    const path = node ? paths.get(node) : undefined;
    for (const { pattern, rewrite } of REWRITES) {
      const match = pattern.exec(error.message);
      if (match) return withPlace(rewrite(match), error, path);
    }
    return withPlace(
      { message: error.message, extensions: { code: "validationFailed" } },
      error,
      path,
    );
  });
}

function withPlace(
  body: { message: string; extensions: ShopifyError["extensions"] },
  error: GraphQLError,
  path: string[] | undefined,
): ShopifyError {
  return {
    message: body.message,
    ...(error.locations
      ? {
          locations: error.locations.map(({ line, column }) => ({
            line,
            column,
          })),
        }
      : {}),
    ...(path ? { path } : {}),
    extensions: body.extensions,
  };
}

/** graphql-ruby's wording for a syntax error: `Parse error on "}" (RCURLY) at [1, 10]`. */
export function formatSyntaxError(error: GraphQLError): ShopifyError {
  const location = error.locations?.[0];
  const detail = error.message.replace(/^Syntax Error: /, "");
  return {
    message: `Parse error: ${detail}${location ? ` at [${location.line}, ${location.column}]` : ""}`,
    ...(location
      ? { locations: [{ line: location.line, column: location.column }] }
      : {}),
    extensions: { code: "parseError" },
  };
}
