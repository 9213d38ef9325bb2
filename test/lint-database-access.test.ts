import path from "node:path";
import { fileURLToPath } from "node:url";

import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The messages of the database rule (ADR 0024) on `code`, as if it were the file at `file`. */
async function databaseProblems(file: string, code: string) {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, {
    filePath: path.join(ROOT, file),
  });
  return result.messages
    .filter((message) => message.message.includes("ADR 0024"))
    .map((message) => message.line);
}

const QUERIES = `import { database, type Tx } from "~/models/transaction.server";

export async function settle(store: Tx, tx: Tx) {
  await store.member.findMany({});
  await database.ledgerEntry.count();
  await tx.redemption.update({ where: { id: "r" }, data: {} });
  await store.$queryRaw\`SELECT 1\`;
  const seen = new Map<string, number>();
  seen.delete("x");
  return [1, 2].map((n) => n + 1);
}
`;

describe("database access lives in app/models (ADR 0024)", () => {
  it("refuses a query outside app/models whatever its handle is called, and nothing else", async () => {
    expect(
      await databaseProblems("app/services/settle.server.ts", QUERIES),
    ).toEqual([4, 5, 6, 7]);
  });

  it("lets app/models query", async () => {
    expect(
      await databaseProblems("app/models/settle.server.ts", QUERIES),
    ).toEqual([]);
  });
});
