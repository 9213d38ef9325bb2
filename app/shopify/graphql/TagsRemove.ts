import { defineOperation } from "~/shopify/admin-operation";

/**
 * Removes tags from a resource (the previous VIP tier tag). Removing a tag that is not there changes
 * nothing, so repeating the call is safe.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/tagsRemove
 */
export const TagsRemoveDocument = `#graphql
  mutation TagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
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

export interface TagsRemoveVariables {
  id: string;
  tags: string[];
}

export interface TagsRemoveResult {
  tagsRemove: {
    node: { id: string } | null;
    userErrors: { field: string[] | null; message: string }[];
  } | null;
}

export const TagsRemove = defineOperation<
  TagsRemoveResult,
  TagsRemoveVariables
>("TagsRemove", TagsRemoveDocument);
