import { defineOperation } from "~/shopify/admin-operation";

/**
 * Deletes metafields by owner, namespace and key. A metafield that does not exist is not an
 * error (its entry in deletedMetafields is null), so repeating the call is safe.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsDelete
 */
export const MetafieldsDeleteDocument = `#graphql
  mutation MetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        namespace
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

export interface MetafieldsDeleteVariables {
  metafields: MetafieldIdentifierInput[];
}

export interface MetafieldsDeleteResult {
  metafieldsDelete: {
    deletedMetafields:
      ({ ownerId: string; namespace: string; key: string } | null)[] | null;
    userErrors: { field: string[] | null; message: string }[];
  } | null;
}

export const MetafieldsDelete = defineOperation<
  MetafieldsDeleteResult,
  MetafieldsDeleteVariables
>("MetafieldsDelete", MetafieldsDeleteDocument);
