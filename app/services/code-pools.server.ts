import { type CodePoolLineError } from "~/loyalty/code-pool-csv";
import { importCodePool } from "~/services/rewards.server";

/**
 * Imports the files a merchant uploads for a pool reward, one by one. Each file stands alone: a
 * file with any bad line (duplicate in the file or of a code already imported, a code shoppers
 * could not type) imports nothing, so the merchant corrects it and imports it again without
 * wondering which half went in; the other files of the same upload are still imported.
 */

/** Larger files are not code lists; refusing them early keeps a stray upload from filling memory. */
export const MAX_CODE_FILE_BYTES = 5 * 1024 * 1024;

export interface CodeFileUpload {
  filename: string;
  size: number;
  text(): Promise<string>;
}

export type CodeFileOutcome =
  | { filename: string; outcome: "imported"; imported: number }
  | { filename: string; outcome: "invalid"; errors: CodePoolLineError[] }
  | { filename: string; outcome: "empty" }
  | { filename: string; outcome: "too_large" };

export async function importCodeFiles(
  shopDomain: string,
  poolId: string,
  files: CodeFileUpload[],
): Promise<CodeFileOutcome[]> {
  const outcomes: CodeFileOutcome[] = [];
  // In order, so a code in two files of one upload is reported in the second as already imported.
  for (const file of files) {
    const filename = file.filename || "codes.csv";
    if (file.size > MAX_CODE_FILE_BYTES) {
      outcomes.push({ filename, outcome: "too_large" });
      continue;
    }
    const result = await importCodePool(shopDomain, {
      poolId,
      filename,
      text: await file.text(),
    });
    if (result.outcome === "imported")
      outcomes.push({
        filename,
        outcome: "imported",
        imported: result.imported,
      });
    else if (result.outcome === "invalid")
      outcomes.push({ filename, outcome: "invalid", errors: result.errors });
    else outcomes.push({ filename, outcome: "empty" });
  }
  return outcomes;
}
