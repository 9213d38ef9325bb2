import { createHash } from "node:crypto";

import type { EmuMetafield, EmuMetafieldDefinition } from "../../state";
import { appNumericId, resolveAppNamespace } from "../app-identity";
import {
  type AdminRequestContext,
  type Args,
  connection,
  gidOf,
  nowIso,
  parseGid,
  type ResolverMap,
  userError,
  type View,
} from "./support";

/** https://shopify.dev/docs/apps/build/custom-data/metafields/list-of-data-types */
const METAFIELD_TYPES: Record<string, string> = {
  boolean: "TRUE_FALSE",
  color: "COLOR",
  date: "DATE_TIME",
  date_time: "DATE_TIME",
  dimension: "MEASUREMENT",
  id: "TEXT",
  json: "JSON",
  link: "LINK",
  money: "NUMBER",
  multi_line_text_field: "TEXT",
  number_decimal: "NUMBER",
  number_integer: "NUMBER",
  rating: "NUMBER",
  rich_text_field: "TEXT",
  single_line_text_field: "TEXT",
  url: "URL",
  volume: "MEASUREMENT",
  weight: "MEASUREMENT",
  collection_reference: "REFERENCE",
  customer_reference: "REFERENCE",
  company_reference: "REFERENCE",
  file_reference: "REFERENCE",
  metaobject_reference: "REFERENCE",
  mixed_reference: "REFERENCE",
  page_reference: "REFERENCE",
  product_reference: "REFERENCE",
  product_taxonomy_value_reference: "REFERENCE",
  variant_reference: "REFERENCE",
  article_reference: "REFERENCE",
  order_reference: "REFERENCE",
};

const LIST_CAPABLE = new Set(
  Object.keys(METAFIELD_TYPES).filter(
    (type) =>
      ![
        "boolean",
        "json",
        "money",
        "rich_text_field",
        "multi_line_text_field",
        "id",
      ].includes(type),
  ),
);

export function isKnownMetafieldType(type: string): boolean {
  if (type.startsWith("list.")) return LIST_CAPABLE.has(type.slice(5));
  return type in METAFIELD_TYPES;
}

const OWNER_TYPES: Record<string, string> = {
  Customer: "CUSTOMER",
  Order: "ORDER",
  Product: "PRODUCT",
  ProductVariant: "PRODUCTVARIANT",
  Collection: "COLLECTION",
  Shop: "SHOP",
  DiscountCodeNode: "DISCOUNT",
  DiscountNode: "DISCOUNT",
  AppInstallation: "API_PERMISSION",
};

export function ownerTypeOf(ownerGid: string): string | null {
  const parsed = parseGid(ownerGid);
  return parsed ? (OWNER_TYPES[parsed.type] ?? null) : null;
}

/** Why a value does not fit its type, in Shopify's words, or null when it fits. */
export function metafieldValueProblem(
  type: string,
  value: string,
): string | null {
  if (type.startsWith("list.")) {
    let items: unknown;
    try {
      items = JSON.parse(value);
    } catch {
      return "Value must be a valid JSON array.";
    }
    if (!Array.isArray(items)) return "Value must be a valid JSON array.";
    for (const item of items) {
      const problem = metafieldValueProblem(
        type.slice(5),
        typeof item === "string" ? item : JSON.stringify(item),
      );
      if (problem) return problem;
    }
    return null;
  }
  switch (type) {
    case "single_line_text_field":
      return /[\r\n]/.test(value)
        ? "Value must be a single line text string."
        : null;
    case "number_integer":
      return /^[-+]?\d+$/.test(value.trim()) &&
        Math.abs(Number(value)) <= Number.MAX_SAFE_INTEGER
        ? null
        : "Value must be an integer.";
    case "number_decimal":
      return /^[-+]?\d+(\.\d+)?$/.test(value.trim())
        ? null
        : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false"
        ? null
        : "Value must be true or false.";
    case "json":
    case "money":
    case "dimension":
    case "volume":
    case "weight":
    case "rating":
    case "link":
    case "rich_text_field":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value must be valid JSON.";
      }
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? null
        : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(
        value,
      ) && !Number.isNaN(Date.parse(value))
        ? null
        : "Value must be in YYYY-MM-DDTHH:MM:SS format.";
    case "url":
      try {
        const url = new URL(value);
        return ["http:", "https:", "mailto:", "sms:", "tel:"].includes(
          url.protocol,
        )
          ? null
          : "Value must be a valid URL.";
      } catch {
        return "Value must be a valid URL.";
      }
    case "color":
      return /^#[0-9A-Fa-f]{6}$/.test(value)
        ? null
        : "Value must be a hex color code (#RRGGBB).";
    default:
      if (type.endsWith("_reference"))
        return parseGid(value) ? null : "Value must be a valid global id.";
      return null;
  }
}

/** Opaque to apps; changes whenever the stored value does (compare-and-set, 2024-07+). */
export function compareDigestOf(metafield: EmuMetafield): string {
  return createHash("sha256")
    .update(
      `${metafield.id}\u0000${metafield.type}\u0000${metafield.value}\u0000${metafield.updatedAt}`,
    )
    .digest("hex");
}

function definitionFor(
  rc: AdminRequestContext,
  metafield: EmuMetafield,
): EmuMetafieldDefinition | null {
  const ownerType = ownerTypeOf(metafield.ownerId);
  for (const definition of rc.shop.metafieldDefinitions.values()) {
    if (
      definition.ownerType === ownerType &&
      definition.namespace === metafield.namespace &&
      definition.key === metafield.key
    )
      return definition;
  }
  return null;
}

export function metafieldView(
  rc: AdminRequestContext,
  metafield: EmuMetafield,
): View {
  return {
    __typename: "Metafield",
    id: gidOf("Metafield", metafield.id),
    legacyResourceId: String(metafield.id),
    namespace: metafield.namespace,
    key: metafield.key,
    type: metafield.type,
    value: metafield.value,
    jsonValue: () => jsonValueOf(metafield),
    createdAt: metafield.createdAt,
    updatedAt: metafield.updatedAt,
    compareDigest: compareDigestOf(metafield),
    ownerType: ownerTypeOf(metafield.ownerId),
    owner: () => rc.viewNode(metafield.ownerId),
    definition: () => {
      const definition = definitionFor(rc, metafield);
      return definition ? metafieldDefinitionView(rc, definition) : null;
    },
    description: null,
    sizeInBytes: Buffer.byteLength(metafield.value, "utf8"),
  };
}

function jsonValueOf(metafield: EmuMetafield): unknown {
  switch (metafield.type) {
    case "number_integer":
    case "number_decimal":
      return Number(metafield.value);
    case "boolean":
      return metafield.value === "true";
    default:
      if (
        metafield.type.startsWith("list.") ||
        [
          "json",
          "money",
          "dimension",
          "volume",
          "weight",
          "rating",
          "link",
          "rich_text_field",
        ].includes(metafield.type)
      ) {
        try {
          return JSON.parse(metafield.value);
        } catch {
          return metafield.value;
        }
      }
      return metafield.value;
  }
}

function metafieldsOf(
  rc: AdminRequestContext,
  ownerGid: string,
): EmuMetafield[] {
  return [...rc.shop.metafields.values()]
    .filter((metafield) => metafield.ownerId === ownerGid)
    .sort((a, b) => a.id - b.id);
}

/** `metafield(namespace, key)` and `metafields(...)` for any owner view (HasMetafields). */
export function metafieldFields(
  rc: AdminRequestContext,
  ownerGid: string,
): Record<string, unknown> {
  const apiKey = rc.ctx.config.apiKey;
  return {
    metafield: (args: Args) => {
      // Omitting the namespace means the app-reserved one ($app), as documented for HasMetafields.
      const namespace = resolveAppNamespace(args.namespace ?? "$app", apiKey);
      const found = metafieldsOf(rc, ownerGid).find(
        (metafield) =>
          metafield.namespace === namespace && metafield.key === args.key,
      );
      return found ? metafieldView(rc, found) : null;
    },
    metafields: (args: Args) => {
      let list = metafieldsOf(rc, ownerGid);
      if (args.namespace != null) {
        const namespace = resolveAppNamespace(args.namespace, apiKey);
        list = list.filter((metafield) => metafield.namespace === namespace);
      }
      if (args.keys != null) {
        const wanted = new Set(
          (args.keys as string[]).map((full) => {
            const dot = full.lastIndexOf(".");
            return dot === -1
              ? full
              : `${resolveAppNamespace(full.slice(0, dot), apiKey)}.${full.slice(dot + 1)}`;
          }),
        );
        list = list.filter((metafield) =>
          wanted.has(`${metafield.namespace}.${metafield.key}`),
        );
      }
      return connection(
        list,
        args,
        (metafield) => ({ id: metafield.id }),
        (metafield) => metafieldView(rc, metafield),
        "Metafield",
      );
    },
  };
}

export function metafieldDefinitionView(
  rc: AdminRequestContext,
  definition: EmuMetafieldDefinition,
): View {
  const ownedMetafields = () =>
    [...rc.shop.metafields.values()]
      .filter(
        (metafield) =>
          ownerTypeOf(metafield.ownerId) === definition.ownerType &&
          metafield.namespace === definition.namespace &&
          metafield.key === definition.key,
      )
      .sort((a, b) => a.id - b.id);
  return {
    __typename: "MetafieldDefinition",
    id: gidOf("MetafieldDefinition", definition.id),
    name: definition.name,
    namespace: definition.namespace,
    key: definition.key,
    description: definition.description,
    ownerType: definition.ownerType,
    type: {
      __typename: "MetafieldDefinitionType",
      name: definition.type,
      category:
        METAFIELD_TYPES[definition.type.replace(/^list\./, "")] ?? "TEXT",
    },
    access: {
      __typename: "MetafieldAccess",
      admin:
        definition.access.admin ??
        (definition.namespace.startsWith("app--")
          ? "MERCHANT_READ"
          : "PUBLIC_READ_WRITE"),
      storefront: definition.access.storefront ?? "NONE",
      customerAccount: definition.access.customerAccount ?? "NONE",
    },
    validations: (definition.validations ?? []).map((validation) => ({
      __typename: "MetafieldDefinitionValidation",
      name: validation.name,
      value: validation.value,
      type: "string",
    })),
    pinnedPosition: definition.pinnedPosition ?? null,
    useAsCollectionCondition: false,
    validationStatus: "ALL_VALID",
    metafieldsCount: () => ownedMetafields().length,
    metafields: (args: Args) =>
      connection(
        ownedMetafields(),
        args,
        (metafield) => ({ id: metafield.id }),
        (metafield) => metafieldView(rc, metafield),
        "Metafield",
      ),
  };
}

interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

/** Shopify's documented limit per metafieldsSet call. */
export const METAFIELDS_SET_LIMIT = 25;

function namespaceProblem(
  namespace: string,
  apiKey: string,
): { message: string; code: string } | null {
  const own = `app--${appNumericId(apiKey)}`;
  if (
    namespace.startsWith("app--") &&
    namespace !== own &&
    !namespace.startsWith(`${own}--`)
  ) {
    return {
      message:
        "Access to this namespace and key on Metafields for this resource type is not allowed.",
      code: "APP_NOT_AUTHORIZED",
    };
  }
  if (namespace.length < 3)
    return {
      message: "Namespace is too short (minimum is 3 characters)",
      code: "TOO_SHORT",
    };
  if (namespace.length > 255)
    return {
      message: "Namespace is too long (maximum is 255 characters)",
      code: "TOO_LONG",
    };
  if (!/^[A-Za-z0-9_-]+$/.test(namespace))
    return {
      message: "Namespace contains one or more invalid characters.",
      code: "INVALID",
    };
  return null;
}

function keyProblem(key: string): { message: string; code: string } | null {
  if (key.length < 2)
    return {
      message: "Key is too short (minimum is 2 characters)",
      code: "TOO_SHORT",
    };
  if (key.length > 64)
    return {
      message: "Key is too long (maximum is 64 characters)",
      code: "TOO_LONG",
    };
  if (!/^[A-Za-z0-9_-]+$/.test(key))
    return {
      message: "Key contains one or more invalid characters.",
      code: "INVALID",
    };
  return null;
}

function metafieldsSet(
  _root: unknown,
  args: Args,
  rc: AdminRequestContext,
): View {
  const inputs = args.metafields as MetafieldsSetInput[];
  const apiKey = rc.ctx.config.apiKey;
  const errors: View[] = [];
  const error = (
    index: number | null,
    field: (string | number)[],
    message: string,
    code: string,
  ) =>
    errors.push(
      userError(field, message, code, {
        __typename: "MetafieldsSetUserError",
        elementIndex: index,
      }),
    );

  if (inputs.length > METAFIELDS_SET_LIMIT) {
    error(
      null,
      ["metafields"],
      `Exceeded the maximum metafields input limit of ${METAFIELDS_SET_LIMIT}.`,
      "LESS_THAN_OR_EQUAL_TO",
    );
    return {
      __typename: "MetafieldsSetPayload",
      metafields: null,
      userErrors: errors,
    };
  }

  const existingFor = (ownerId: string, namespace: string, key: string) =>
    [...rc.shop.metafields.values()].find(
      (metafield) =>
        metafield.ownerId === ownerId &&
        metafield.namespace === namespace &&
        metafield.key === key,
    ) ?? null;
  const definitionOf = (
    ownerType: string | null,
    namespace: string,
    key: string,
  ) =>
    [...rc.shop.metafieldDefinitions.values()].find(
      (definition) =>
        definition.ownerType === ownerType &&
        definition.namespace === namespace &&
        definition.key === key,
    ) ?? null;

  // Validate everything first: the mutation is atomic, nothing is written when any input fails.
  const planned = inputs.map((input, index) => {
    const namespace = resolveAppNamespace(input.namespace ?? "$app", apiKey);
    const ownerType = ownerTypeOf(input.ownerId);
    if (!ownerType || !ownerExists(rc, input.ownerId)) {
      error(
        index,
        ["metafields", index, "ownerId"],
        "Owner does not exist.",
        "INVALID",
      );
      return null;
    }
    const namespaceIssue = namespaceProblem(namespace, apiKey);
    if (namespaceIssue)
      error(
        index,
        ["metafields", index, "namespace"],
        namespaceIssue.message,
        namespaceIssue.code,
      );
    const keyIssue = keyProblem(input.key);
    if (keyIssue)
      error(
        index,
        ["metafields", index, "key"],
        keyIssue.message,
        keyIssue.code,
      );

    const existing = existingFor(input.ownerId, namespace, input.key);
    const definition = definitionOf(ownerType, namespace, input.key);
    const type = input.type ?? definition?.type ?? existing?.type ?? null;
    if (!type) {
      error(
        index,
        ["metafields", index, "type"],
        "Type can't be blank.",
        "BLANK",
      );
      return null;
    }
    if (!isKnownMetafieldType(type)) {
      error(
        index,
        ["metafields", index, "type"],
        `Type '${type}' is not a valid metafield type.`,
        "INVALID_TYPE",
      );
      return null;
    }
    if (definition && definition.type !== type) {
      error(
        index,
        ["metafields", index, "type"],
        `Type must be '${definition.type}' to match the metafield definition.`,
        "INVALID_TYPE",
      );
      return null;
    }
    if (input.value === "") {
      error(
        index,
        ["metafields", index, "value"],
        "Value can't be blank.",
        "BLANK",
      );
      return null;
    }
    const valueIssue = metafieldValueProblem(type, input.value);
    if (valueIssue)
      error(index, ["metafields", index, "value"], valueIssue, "INVALID_VALUE");

    if ("compareDigest" in input) {
      // null means "only if it does not exist yet"; a digest means "only if unchanged since read".
      const stale =
        input.compareDigest === null
          ? existing !== null
          : !existing || compareDigestOf(existing) !== input.compareDigest;
      if (
        input.compareDigest !== null &&
        !/^[0-9a-f]{64}$/.test(input.compareDigest ?? "")
      ) {
        error(
          index,
          ["metafields", index, "compareDigest"],
          "The compareDigest is invalid.",
          "INVALID_COMPARE_DIGEST",
        );
      } else if (stale) {
        error(
          index,
          ["metafields", index],
          "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
          "STALE_OBJECT",
        );
      }
    }
    return { input, namespace, type, existing };
  });

  if (errors.length > 0)
    return {
      __typename: "MetafieldsSetPayload",
      metafields: null,
      userErrors: errors,
    };

  const at = nowIso(rc);
  const written = planned.map((plan) => {
    const { input, namespace, type, existing } = plan!;
    if (existing) {
      if (existing.value !== input.value || existing.type !== type) {
        existing.value = input.value;
        existing.type = type;
        existing.updatedAt = at;
      }
      return existing;
    }
    const created: EmuMetafield = {
      id: rc.ctx.state.nextId(),
      ownerId: input.ownerId,
      namespace,
      key: input.key,
      type,
      value: input.value,
      createdAt: at,
      updatedAt: at,
    };
    rc.shop.metafields.set(created.id, created);
    return created;
  });
  return {
    __typename: "MetafieldsSetPayload",
    metafields: written.map((metafield) => metafieldView(rc, metafield)),
    userErrors: [],
  };
}

/** Deleting a metafield that does not exist is not an error: its entry is null, so retries are safe. */
function metafieldsDelete(
  _root: unknown,
  args: Args,
  rc: AdminRequestContext,
): View {
  const identifiers = args.metafields as {
    ownerId: string;
    namespace: string;
    key: string;
  }[];
  const apiKey = rc.ctx.config.apiKey;
  const errors: View[] = [];
  const resolved = identifiers.map((identifier, index) => {
    const namespace = resolveAppNamespace(identifier.namespace, apiKey);
    const problem = namespaceProblem(namespace, apiKey);
    if (problem?.code === "APP_NOT_AUTHORIZED")
      errors.push(
        userError(["metafields", index, "namespace"], problem.message),
      );
    return { ...identifier, namespace };
  });
  if (errors.length > 0)
    return {
      __typename: "MetafieldsDeletePayload",
      deletedMetafields: null,
      userErrors: errors,
    };
  const deleted = resolved.map((identifier) => {
    const found = [...rc.shop.metafields.values()].find(
      (metafield) =>
        metafield.ownerId === identifier.ownerId &&
        metafield.namespace === identifier.namespace &&
        metafield.key === identifier.key,
    );
    if (!found) return null;
    rc.shop.metafields.delete(found.id);
    return {
      __typename: "MetafieldIdentifier",
      ownerId: found.ownerId,
      namespace: found.namespace,
      key: found.key,
    };
  });
  return {
    __typename: "MetafieldsDeletePayload",
    deletedMetafields: deleted,
    userErrors: [],
  };
}

function metafieldDefinitionCreate(
  _root: unknown,
  args: Args,
  rc: AdminRequestContext,
): View {
  const input = args.definition as {
    name: string;
    namespace?: string | null;
    key: string;
    type: string;
    ownerType: string;
    description?: string | null;
    access?: Record<string, unknown> | null;
    validations?: { name: string; value: string }[] | null;
    pin?: boolean | null;
  };
  const apiKey = rc.ctx.config.apiKey;
  const errors: View[] = [];
  const error = (field: string[], message: string, code: string) =>
    errors.push(
      userError(["definition", ...field], message, code, {
        __typename: "MetafieldDefinitionCreateUserError",
        elementIndex: null,
        elementKey: null,
      }),
    );

  const namespace = resolveAppNamespace(input.namespace ?? "$app", apiKey);
  if (!input.name.trim()) error(["name"], "Name can't be blank.", "BLANK");
  const namespaceIssue = namespaceProblem(namespace, apiKey);
  if (namespaceIssue)
    error(
      ["namespace"],
      namespaceIssue.message,
      namespaceIssue.code === "APP_NOT_AUTHORIZED"
        ? "INVALID"
        : namespaceIssue.code,
    );
  const keyIssue = keyProblem(input.key);
  if (keyIssue)
    error(
      ["key"],
      keyIssue.message,
      keyIssue.code === "INVALID" ? "INVALID_CHARACTER" : keyIssue.code,
    );
  if (!isKnownMetafieldType(input.type))
    error(
      ["type"],
      `Type '${input.type}' is not included in the list of metafield types.`,
      "INCLUSION",
    );
  const taken = [...rc.shop.metafieldDefinitions.values()].some(
    (definition) =>
      definition.ownerType === input.ownerType &&
      definition.namespace === namespace &&
      definition.key === input.key,
  );
  if (taken)
    error(
      ["key"],
      `Key is in use for ${input.ownerType.toLowerCase()} metafields on the '${namespace}' namespace.`,
      "TAKEN",
    );
  if (errors.length > 0)
    return {
      __typename: "MetafieldDefinitionCreatePayload",
      createdDefinition: null,
      userErrors: errors,
    };

  const pinned = [...rc.shop.metafieldDefinitions.values()].filter(
    (definition) =>
      definition.ownerType === input.ownerType &&
      definition.pinnedPosition != null,
  );
  const definition: EmuMetafieldDefinition = {
    id: rc.ctx.state.nextId(),
    ownerType: input.ownerType,
    namespace,
    key: input.key,
    name: input.name,
    description: input.description ?? null,
    type: input.type,
    access: input.access ?? {},
    createdAt: nowIso(rc),
    validations: input.validations ?? [],
    pinnedPosition: input.pin ? pinned.length + 1 : null,
  };
  rc.shop.metafieldDefinitions.set(definition.id, definition);
  return {
    __typename: "MetafieldDefinitionCreatePayload",
    createdDefinition: metafieldDefinitionView(rc, definition),
    userErrors: [],
  };
}

function metafieldDefinitions(
  _root: unknown,
  args: Args,
  rc: AdminRequestContext,
): View {
  const apiKey = rc.ctx.config.apiKey;
  let list = [...rc.shop.metafieldDefinitions.values()].filter(
    (definition) => definition.ownerType === args.ownerType,
  );
  if (args.namespace != null) {
    const namespace = resolveAppNamespace(args.namespace, apiKey);
    list = list.filter((definition) => definition.namespace === namespace);
  }
  if (args.key != null)
    list = list.filter((definition) => definition.key === args.key);
  if (args.pinnedStatus === "PINNED")
    list = list.filter((definition) => definition.pinnedPosition != null);
  if (args.pinnedStatus === "UNPINNED")
    list = list.filter((definition) => definition.pinnedPosition == null);
  list.sort((a, b) => a.id - b.id);
  return connection(
    list,
    args,
    (definition) => ({ id: definition.id }),
    (definition) => metafieldDefinitionView(rc, definition),
    "MetafieldDefinition",
  );
}

function metafieldDefinition(
  _root: unknown,
  args: Args,
  rc: AdminRequestContext,
): View | null {
  if (args.id != null) {
    const parsed = parseGid(args.id);
    const definition =
      parsed?.type === "MetafieldDefinition"
        ? rc.shop.metafieldDefinitions.get(parsed.id)
        : undefined;
    return definition ? metafieldDefinitionView(rc, definition) : null;
  }
  const identifier = args.identifier as {
    ownerType: string;
    namespace?: string | null;
    key: string;
  } | null;
  if (!identifier) return null;
  const namespace = resolveAppNamespace(
    identifier.namespace ?? "$app",
    rc.ctx.config.apiKey,
  );
  const definition = [...rc.shop.metafieldDefinitions.values()].find(
    (candidate) =>
      candidate.ownerType === identifier.ownerType &&
      candidate.namespace === namespace &&
      candidate.key === identifier.key,
  );
  return definition ? metafieldDefinitionView(rc, definition) : null;
}

export const metafieldResolvers: ResolverMap = {
  QueryRoot: { metafieldDefinitions, metafieldDefinition },
  Mutation: { metafieldsSet, metafieldsDelete, metafieldDefinitionCreate },
};

/** Whether a metafield owner exists (metafieldsSet refuses owners that do not). */
function ownerExists(rc: AdminRequestContext, id: string): boolean {
  try {
    return rc.viewNode(id) !== null;
  } catch {
    return false;
  }
}
