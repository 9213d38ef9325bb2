/**
 * One Admin GraphQL operation: its name (as in the document, so logs and the emulator's call
 * log agree) and its document, typed with the variables it takes and the data it returns.
 * Each lives in its own file in app/shopify/graphql/, named after the operation.
 */
export interface AdminOperation<TResult, TVariables> {
  readonly name: string;
  readonly document: string;
  /** Phantom: carries the result and variables types; never set at run time. */
  readonly __types?: { result: TResult; variables: TVariables };
}

export type ResultOf<T> =
  T extends AdminOperation<infer R, unknown> ? R : never;
export type VariablesOf<T> =
  T extends AdminOperation<unknown, infer V> ? V : never;

export function defineOperation<TResult, TVariables>(
  name: string,
  document: string,
): AdminOperation<TResult, TVariables> {
  return { name, document };
}

/** A Shopify gid from a REST numeric id (webhook payloads) or a gid given as is. */
export function toGid(resource: string, id: string | number): string {
  const value = String(id);
  return value.startsWith("gid://")
    ? value
    : `gid://shopify/${resource}/${value}`;
}
