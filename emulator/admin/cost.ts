import {
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's calculated query cost (https://shopify.dev/docs/api/usage/rate-limits):
 * scalars and enums 0, objects 1, interfaces and unions the maximum over their possible types,
 * connections 2 plus `first`/`last` times the cost of one item, each mutation field 10.
 * Shopify charges the requested cost up front and refunds down to the actual cost, which counts
 * the items connections really returned.
 */
export const MUTATION_FIELD_COST = 10;
export const CONNECTION_BASE_COST = 2;
/** A single query may not cost more than this, whatever the bucket holds. */
export const SINGLE_QUERY_MAX_COST = 1000;

interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function requestedQueryCost(input: CostInput): number {
  return operationCost(input, null);
}

/** The cost of what was actually returned: connections count the items in `data`. */
export function actualQueryCost(
  input: CostInput,
  data: Record<string, unknown> | null | undefined,
): number {
  if (!data) return 0;
  return operationCost(input, data);
}

function operationCost(
  input: CostInput,
  data: Record<string, unknown> | null,
): number {
  const rootType =
    input.operation.operation === "mutation"
      ? input.schema.getMutationType()
      : input.schema.getQueryType();
  if (!rootType) return 0;
  if (input.operation.operation === "mutation") {
    // Each mutation costs a flat 10 whatever its payload selects.
    const fields = collectFields(input, rootType, input.operation.selectionSet);
    return (
      fields.filter((field) => field.name.value !== "__typename").length *
      MUTATION_FIELD_COST
    );
  }
  return selectionCost(
    input,
    rootType,
    input.operation.selectionSet,
    data,
    true,
  );
}

function collectFields(
  input: CostInput,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
): FieldNode[] {
  const fields: FieldNode[] = [];
  const applies = (typeName: string | undefined) => {
    if (!typeName || typeName === type.name) return true;
    const condition = input.schema.getType(typeName);
    return (
      !!condition &&
      isAbstractType(condition) &&
      input.schema.isSubType(condition, type)
    );
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value))
        fields.push(...collectFields(input, type, selection.selectionSet));
    } else {
      const fragment = input.fragments[selection.name.value];
      if (fragment && applies(fragment.typeCondition.name.value))
        fields.push(...collectFields(input, type, fragment.selectionSet));
    }
  }
  return fields;
}

/** Cost of a selection on a (possibly abstract) type; `data` is the returned object when measuring actual cost. */
function selectionCost(
  input: CostInput,
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode | undefined,
  data: unknown,
  measuring: boolean,
): number {
  if (!selectionSet) return 0;
  if (isObjectType(type))
    return objectSelectionCost(input, type, selectionSet, data, measuring);
  if (!isAbstractType(type)) return 0;
  // Interfaces and unions: the concrete type returned, or the most expensive one when estimating.
  const typename =
    measuring && data && typeof data === "object"
      ? (data as { __typename?: unknown }).__typename
      : undefined;
  const concrete =
    typeof typename === "string" ? input.schema.getType(typename) : undefined;
  if (concrete && isObjectType(concrete))
    return objectSelectionCost(input, concrete, selectionSet, data, measuring);
  const possible = input.schema.getPossibleTypes(type);
  // Fields selected directly on an interface cost the same on every implementation; fragments decide the maximum.
  let max = 0;
  for (const candidate of possible)
    max = Math.max(
      max,
      objectSelectionCost(
        input,
        candidate,
        selectionSet,
        measuring ? data : null,
        measuring,
      ),
    );
  return max;
}

function objectSelectionCost(
  input: CostInput,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  data: unknown,
  measuring: boolean,
): number {
  let total = 0;
  for (const field of collectFields(input, type, selectionSet)) {
    if (field.name.value.startsWith("__")) continue;
    const definition = type.getFields()[field.name.value];
    if (!definition) continue;
    const key = field.alias?.value ?? field.name.value;
    const value =
      measuring && data && typeof data === "object"
        ? (data as Record<string, unknown>)[key]
        : undefined;
    total += fieldCost(
      input,
      definition,
      field,
      value,
      measuring && data !== null && data !== undefined,
    );
  }
  return total;
}

function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  return (
    isObjectType(type) &&
    type.name.endsWith("Connection") &&
    ("edges" in type.getFields() || "nodes" in type.getFields())
  );
}

function fieldCost(
  input: CostInput,
  definition: GraphQLField<unknown, unknown>,
  field: FieldNode,
  value: unknown,
  measuring: boolean,
): number {
  const named = getNamedType(definition.type);
  if (isLeafType(named)) return 0;
  if (measuring && (value === null || value === undefined)) return 0;
  // An empty list returned nothing: nothing inside it is charged (not the estimate of its selection).
  if (measuring && Array.isArray(value) && value.length === 0) return 0;
  if (isConnectionType(named))
    return connectionCost(input, named, definition, field, value, measuring);
  const item = Array.isArray(value) ? value[0] : value;
  return 1 + selectionCost(input, named, field.selectionSet, item, measuring);
}

function connectionCost(
  input: CostInput,
  type: GraphQLObjectType,
  definition: GraphQLField<unknown, unknown>,
  field: FieldNode,
  value: unknown,
  measuring: boolean,
): number {
  let size: number;
  let items: unknown[] = [];
  if (measuring) {
    const connection = value as {
      edges?: { node?: unknown }[];
      nodes?: unknown[];
    };
    items =
      connection.nodes ?? connection.edges?.map((edge) => edge.node) ?? [];
    size = connection.edges?.length ?? connection.nodes?.length ?? 0;
  } else {
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(definition, field, input.variables);
    } catch {
      // Invalid arguments are reported by execution; estimate with no page size.
    }
    size = Number(args.first ?? args.last ?? 0) || 0;
  }
  // One item = its node (an object, 1) plus what is selected inside it.
  let perItem = 0;
  for (const selection of collectFields(
    input,
    type,
    field.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] },
  )) {
    const connectionField = type.getFields()[selection.name.value];
    if (!connectionField) continue;
    const nodeOrEdge = getNamedType(connectionField.type);
    if (selection.name.value === "nodes") {
      perItem +=
        1 +
        selectionCost(
          input,
          nodeOrEdge,
          selection.selectionSet,
          measuring ? items[0] : null,
          measuring && items.length > 0,
        );
    } else if (selection.name.value === "edges" && isObjectType(nodeOrEdge)) {
      for (const edgeField of collectFields(
        input,
        nodeOrEdge,
        selection.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] },
      )) {
        if (edgeField.name.value !== "node") continue;
        const nodeType = getNamedType(nodeOrEdge.getFields().node.type);
        perItem +=
          1 +
          selectionCost(
            input,
            nodeType,
            edgeField.selectionSet,
            measuring ? items[0] : null,
            measuring && items.length > 0,
          );
      }
    }
  }
  return CONNECTION_BASE_COST + size * perItem;
}
