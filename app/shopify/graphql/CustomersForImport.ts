import { defineOperation } from "~/shopify/admin-operation";

/**
 * The shop's customers named by a balance import (ADR 0017), found by id or email with one search:
 * `id:1 OR id:2 OR email:"a@b.c"`. Needs read_customers, and email is protected customer data.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/queries/customers
 * https://shopify.dev/docs/api/usage/search-syntax
 */
export const CustomersForImportDocument = `#graphql
  query CustomersForImport($query: String!, $first: Int!) {
    customers(first: $first, query: $query) {
      nodes {
        id
        email
        firstName
        lastName
      }
    }
  }
`;

export interface CustomersForImportVariables {
  query: string;
  first: number;
}

export interface CustomersForImportResult {
  customers: {
    nodes: {
      id: string;
      email: string | null;
      firstName: string | null;
      lastName: string | null;
    }[];
  };
}

export const CustomersForImport = defineOperation<
  CustomersForImportResult,
  CustomersForImportVariables
>("CustomersForImport", CustomersForImportDocument);
