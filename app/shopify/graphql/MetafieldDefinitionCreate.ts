import { defineOperation } from "~/shopify/admin-operation";

/**
 * Creates a metafield definition. Creating one that exists answers a TAKEN userError.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldDefinitionCreate
 */
export const MetafieldDefinitionCreateDocument = `#graphql
  mutation MetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
        id
        namespace
        key
        type {
          name
        }
        access {
          admin
          storefront
          customerAccount
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export type MetafieldOwnerType =
  "CUSTOMER" | "ORDER" | "SHOP" | "PRODUCT" | "PRODUCTVARIANT";

export interface MetafieldDefinitionInput {
  ownerType: MetafieldOwnerType;
  namespace?: string;
  key: string;
  name: string;
  description?: string | null;
  type: string;
  access?: {
    admin?: "MERCHANT_READ" | "MERCHANT_READ_WRITE";
    storefront?: "NONE" | "PUBLIC_READ";
    customerAccount?: "NONE" | "READ" | "READ_WRITE";
  };
  pin?: boolean;
}

export interface MetafieldDefinitionCreateVariables {
  definition: MetafieldDefinitionInput;
}

export interface MetafieldDefinitionCreateResult {
  metafieldDefinitionCreate: {
    createdDefinition: {
      id: string;
      namespace: string;
      key: string;
      type: { name: string };
      access: {
        admin: string | null;
        storefront: string | null;
        customerAccount: string;
      };
    } | null;
    userErrors: {
      field: string[] | null;
      message: string;
      code: string | null;
    }[];
  } | null;
}

export const MetafieldDefinitionCreate = defineOperation<
  MetafieldDefinitionCreateResult,
  MetafieldDefinitionCreateVariables
>("MetafieldDefinitionCreate", MetafieldDefinitionCreateDocument);
