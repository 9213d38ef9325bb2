import {
  type FieldNode,
  type OperationDefinitionNode,
  parse,
  print,
} from "graphql";
import { describe, expect, it } from "vitest";

import { OrderForSettlement } from "~/shopify/graphql/OrderForSettlement";
import { OrdersUpdatedSince } from "~/shopify/graphql/OrdersUpdatedSince";

/** The order read by id is mapped by the same code as reconciliation's pages: the fields must not drift apart. */
function rootField(document: string): FieldNode {
  const operation = parse(document).definitions[0] as OperationDefinitionNode;
  return operation.selectionSet.selections[0] as FieldNode;
}

describe("OrderForSettlement", () => {
  it("reads exactly the fields reconciliation reads for each order", () => {
    const byId = rootField(OrderForSettlement.document);
    const page = rootField(OrdersUpdatedSince.document);
    const nodes = page.selectionSet!.selections.find(
      (selection) =>
        selection.kind === "Field" && selection.name.value === "nodes",
    ) as FieldNode;
    expect(byId.name.value).toBe("order");
    expect(print(byId.selectionSet!)).toBe(print(nodes.selectionSet!));
  });
});
