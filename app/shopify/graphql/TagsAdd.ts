import { defineOperation } from "~/shopify/admin-operation";

/**
 * Adds tags to a resource (a customer here: the VIP tier tag). Adding a tag already there changes
 * nothing, so repeating the call is safe.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/tagsAdd
 */
export const TagsAddDocument = `#graphql
  mutation TagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export interface TagsAddVariables {
  id: string;
  tags: string[];
}

export interface TagsAddResult {
  tagsAdd: {
    node: { id: string } | null;
    userErrors: { field: string[] | null; message: string }[];
  } | null;
}

export const TagsAdd = defineOperation<TagsAddResult, TagsAddVariables>(
  "TagsAdd",
  TagsAddDocument,
);
