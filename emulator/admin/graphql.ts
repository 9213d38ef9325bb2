import { randomUUID } from "node:crypto";

import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from "graphql";

import type { AdminCall, EmulatorContext } from "../context";
import type { ShopState } from "../state";
import { assertRootFieldAllowed, grantedScopesOf } from "./access-scopes";
import { isAccessTokenValid } from "./access-tokens";
import {
  actualQueryCost,
  requestedQueryCost,
  SINGLE_QUERY_MAX_COST,
} from "./cost";
import {
  formatSyntaxError,
  formatValidationErrors,
  type ShopifyError,
} from "./errors";
import { decideFault } from "./faults";
import { rootResolvers } from "./resolvers";
import { viewNode } from "./resolvers/nodes";
import { type AdminRequestContext, notImplemented } from "./resolvers/support";
import { ADMIN_API_VERSION, adminSchema } from "./schema";
import { chargeRequestedCost, refundCost, throttleStatus } from "./throttle";
import { headerValue } from "./token-exchange";
import { coerceVariables } from "./variables";

/**
 * What the HTTP layer does with an Admin GraphQL request. "drop" means the operation WAS applied
 * and the server must now destroy the socket without answering (a timeout after success).
 */
export type AdminResponse =
  | {
      kind: "respond";
      status: number;
      headers: Record<string, string>;
      body: string;
    }
  | { kind: "drop" };

export interface AdminGraphqlRequest {
  shop: string;
  apiVersion: string;
  headers: Record<string, string | undefined>;
  body: string;
}

const RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits";

interface ParsedBody {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

/**
 * POST /{shop}/admin/api/{version}/graphql.json, as Shopify answers it: access token, API version,
 * schema validation (graphql-ruby's error shapes), variable coercion, calculated cost and the leaky
 * bucket, injected faults, then execution over the emulator's state. Every request is logged in
 * ctx.adminCalls, refused ones included.
 */
export async function handleAdminGraphql(
  ctx: EmulatorContext,
  req: AdminGraphqlRequest,
): Promise<AdminResponse> {
  const now = ctx.state.now();
  const requestId = randomUUID();
  const call: AdminCall = {
    seq: ctx.adminCalls.length + 1,
    at: now.toISOString(),
    shop: req.shop,
    apiVersion: req.apiVersion,
    operationName: null,
    operationType: null,
    query: "",
    variables: {},
    status: 0,
    errors: [],
    userErrors: [],
    fault: null,
  };
  ctx.adminCalls.push(call);

  const respond = (
    status: number,
    body: unknown,
    extraHeaders: Record<string, string> = {},
  ): AdminResponse => {
    call.status = status;
    return {
      kind: "respond",
      status,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "x-request-id": requestId,
        "x-shopify-api-version": ADMIN_API_VERSION,
        ...extraHeaders,
      },
      body: JSON.stringify(body),
    };
  };
  const refuse = (
    status: number,
    errors: string | Record<string, string>,
    code: string,
  ) => {
    call.errors = [code];
    return respond(status, { errors });
  };

  // Shopify serves supported versions only; the emulator plays exactly one.
  if (req.apiVersion !== ADMIN_API_VERSION)
    return refuse(404, "Not Found", "NOT_FOUND");

  const body = readBody(req);
  // Parse before checking the token so that refused calls are logged with their operation too.
  let document: DocumentNode | null = null;
  let syntaxError: ShopifyError | null = null;
  let operation: OperationDefinitionNode | undefined;
  if (body) {
    call.query = body.query;
    call.variables = body.variables;
    call.operationName = body.operationName;
    try {
      document = parse(body.query);
    } catch (error) {
      syntaxError = formatSyntaxError(error as GraphQLError);
    }
    const operations = (document?.definitions ?? []).filter(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    );
    operation = body.operationName
      ? operations.find(
          (candidate) => candidate.name?.value === body.operationName,
        )
      : operations.length === 1
        ? operations[0]
        : undefined;
    if (operation) {
      call.operationName = body.operationName ?? operation.name?.value ?? null;
      call.operationType = operation.operation;
    }
  }

  const shop = ctx.state.shops.get(req.shop);
  const token = headerValue(req.headers, "x-shopify-access-token");
  if (!shop || !token || !isAccessTokenValid(shop, token, now)) {
    return refuse(
      401,
      "[API] Invalid API key or access token (unrecognized login or wrong password)",
      "UNAUTHORIZED",
    );
  }
  if (!body)
    return refuse(
      400,
      { query: "Required parameter missing or invalid" },
      "BAD_REQUEST",
    );

  const fail = (
    errors: ShopifyError[],
    extensions?: Record<string, unknown>,
  ) => {
    call.errors = errors.map((error) => String(error.extensions.code));
    return respond(200, extensions ? { errors, extensions } : { errors });
  };

  if (!document) return fail([syntaxError!]);
  const schema = adminSchema();
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0)
    return fail(formatValidationErrors(document, validationErrors));
  if (!operation) {
    return fail([
      body.operationName
        ? {
            message: `No operation named "${body.operationName}"`,
            extensions: { code: "operationNotFound" },
          }
        : {
            message: "An operation name is required",
            extensions: { code: "operationNameRequired" },
          },
    ]);
  }

  const coerced = coerceVariables(schema, operation, body.variables);
  if (!coerced.ok) return fail(coerced.errors);

  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments[definition.name.value] = definition;
  const costInput = { schema, operation, fragments, variables: coerced.values };
  const requested = requestedQueryCost(costInput);
  const costBlock = (actual: number | null) => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: throttleStatus(ctx, req.shop),
    },
  });

  if (requested > SINGLE_QUERY_MAX_COST) {
    return fail(
      [
        {
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee ${RATE_LIMITS_DOC} for more information on how the cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n`,
          extensions: {
            code: "MAX_COST_EXCEEDED",
            cost: requested,
            maxCost: SINGLE_QUERY_MAX_COST,
            documentation: RATE_LIMITS_DOC,
          },
        },
      ],
      costBlock(null),
    );
  }

  const rootFields = operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.name.value] : [],
  );
  const fault = decideFault(ctx, [call.operationName, ...rootFields]);
  call.fault = fault.label;
  if (fault.latencyMs > 0)
    await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
  if (fault.outcome.kind === "server_error") {
    // Nothing ran: Shopify's edge answered before the API did.
    call.errors = [String(fault.outcome.status)];
    call.status = fault.outcome.status;
    return serverError(fault.outcome.status, requestId);
  }

  if (!chargeRequestedCost(ctx, req.shop, requested)) {
    return fail(
      [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOC },
        },
      ],
      costBlock(null),
    );
  }

  const rc: AdminRequestContext = {
    ctx,
    shop: shop as ShopState,
    now,
    grantedScopes: grantedScopesOf(ctx.config, shop),
    searchWarnings: [],
    viewNode: (id) => viewNode(rc, id),
  };
  const result = (await execute({
    schema,
    document,
    operationName: operation.name?.value,
    variableValues: body.variables,
    contextValue: rc,
    rootValue: {},
    fieldResolver,
    typeResolver,
  })) as ExecutionResult;

  const data = (result.data ?? null) as Record<string, unknown> | null;
  const actual = Math.min(requested, actualQueryCost(costInput, data));
  refundCost(ctx, req.shop, requested - actual);

  const errors = (result.errors ?? []).map(formatExecutionError);
  call.errors = errors.map((error) => String(error.extensions.code));
  call.userErrors = collectUserErrors(data);
  const extensions: Record<string, unknown> = costBlock(actual);
  if (rc.searchWarnings.length > 0) extensions.search = rc.searchWarnings;
  const response = respond(
    200,
    errors.length > 0 ? { errors, data, extensions } : { data, extensions },
  );

  if (fault.outcome.kind === "timeout_after_success") return { kind: "drop" };
  return response;
}

function readBody(req: AdminGraphqlRequest): ParsedBody | null {
  const contentType = headerValue(req.headers, "content-type") ?? "";
  // Shopify also takes the bare query as application/graphql.
  if (contentType.includes("application/graphql"))
    return req.body.trim()
      ? { query: req.body, variables: {}, operationName: null }
      : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    return null;
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== "string" || !query.trim()) return null;
  let vars: unknown = variables ?? {};
  if (typeof vars === "string") {
    try {
      vars = vars.trim() ? JSON.parse(vars) : {};
    } catch {
      return null;
    }
  }
  if (!vars || typeof vars !== "object" || Array.isArray(vars)) return null;
  return {
    query,
    variables: vars as Record<string, unknown>,
    operationName:
      typeof operationName === "string" && operationName ? operationName : null,
  };
}

const fieldResolver: GraphQLFieldResolver<unknown, AdminRequestContext> = (
  source,
  args,
  rc,
  info,
) => {
  const root = rootResolvers[info.parentType.name]?.[info.fieldName];
  if (root) {
    assertRootFieldAllowed(
      info.parentType.name,
      info.fieldName,
      args,
      rc.grantedScopes,
    );
    return root(source, args, rc, info);
  }
  if (
    source &&
    typeof source === "object" &&
    Object.prototype.hasOwnProperty.call(source, info.fieldName)
  ) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function"
      ? (value as (...rest: unknown[]) => unknown)(args, rc, info)
      : value;
  }
  throw notImplemented(`Field '${info.parentType.name}.${info.fieldName}'`);
};

const typeResolver: GraphQLTypeResolver<unknown, AdminRequestContext> = (
  value,
  _rc,
  _info,
  abstractType,
) => {
  const typename =
    value && typeof value === "object"
      ? (value as { __typename?: unknown }).__typename
      : undefined;
  if (typeof typename === "string") return typename;
  throw notImplemented(`Resolving the concrete type of ${abstractType.name}`);
};

function formatExecutionError(error: GraphQLError): ShopifyError {
  const json = error.toJSON();
  // A resolver that throws something other than a GraphQLError is an emulator bug: say so, as Shopify does for its own.
  const code =
    (error.extensions?.code as string | undefined) ?? "INTERNAL_SERVER_ERROR";
  return {
    message: json.message,
    ...(json.locations
      ? {
          locations: json.locations.map(({ line, column }) => ({
            line,
            column,
          })),
        }
      : {}),
    ...(json.path ? { path: [...json.path] } : {}),
    extensions: { ...(json.extensions ?? {}), code },
  };
}

/** userErrors of every mutation payload in the answer, for the call log. */
function collectUserErrors(data: Record<string, unknown> | null): unknown[] {
  if (!data) return [];
  const found: unknown[] = [];
  for (const payload of Object.values(data)) {
    if (
      payload &&
      typeof payload === "object" &&
      Array.isArray((payload as { userErrors?: unknown }).userErrors)
    ) {
      found.push(...(payload as { userErrors: unknown[] }).userErrors);
    }
  }
  return found;
}

/** What Shopify's edge sends when the API is unreachable or overloaded. */
function serverError(status: 502 | 503, requestId: string): AdminResponse {
  if (status === 503) {
    return {
      kind: "respond",
      status,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "x-request-id": requestId,
        "retry-after": "1",
      },
      body: JSON.stringify({ errors: "Service Unavailable" }),
    };
  }
  return {
    kind: "respond",
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "x-request-id": requestId,
    },
    body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>There was a problem connecting to Shopify. Please try again.</p></body></html>",
  };
}
