import { defineOperation } from "~/shopify/admin-operation";

/**
 * Sets metafields (creates or overwrites), atomically for the whole list.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsSet
 */
export const MetafieldsSetDocument = `#graphql
  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
        type
        value
      }
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

export interface MetafieldsSetInput {
  ownerId: string;
  /** `$app:loyalty` resolves to this app's reserved namespace. */
  namespace?: string;
  key: string;
  /** Required when no definition exists for namespace/key on the owner type. */
  type?: string;
  /** Always a string, whatever the type (number_integer "120"). */
  value: string;
  compareDigest?: string | null;
}

export interface MetafieldsSetVariables {
  metafields: MetafieldsSetInput[];
}

export interface MetafieldsSetResult {
  metafieldsSet: {
    metafields:
      | {
          id: string;
          namespace: string;
          key: string;
          type: string;
          value: string;
        }[]
      | null;
    userErrors: {
      field: string[] | null;
      message: string;
      code: string | null;
      elementIndex: number | null;
    }[];
  } | null;
}

export const MetafieldsSet = defineOperation<
  MetafieldsSetResult,
  MetafieldsSetVariables
>("MetafieldsSet", MetafieldsSetDocument);
