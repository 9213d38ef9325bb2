import type { Translator } from "~/i18n/translate";

export interface CodeFileFigures {
  /** Codes the file brought in. */
  total: number;
  assigned: number;
  remaining: number;
}

/** Codes of a file the merchant deleted unused: imported, neither given nor still held. */
export function deletedCodesOf(file: CodeFileFigures): number {
  return Math.max(0, file.total - file.assigned - file.remaining);
}

/**
 * The pool's summary from its files' own figures, so it adds up with the files table (deleted
 * codes included): "5 codes importés : 1 attribué à un client, 2 inutilisés, 2 supprimés."
 */
export function describeCodePool(
  t: Translator["t"],
  files: readonly CodeFileFigures[],
): string {
  const sums = { total: 0, assigned: 0, remaining: 0, deleted: 0 };
  for (const file of files) {
    sums.total += file.total;
    sums.assigned += file.assigned;
    sums.remaining += file.remaining;
    sums.deleted += deletedCodesOf(file);
  }
  return t("codes.summary.line", {
    imported: t("codes.count.imported", { count: sums.total }),
    assigned: t("codes.count.assigned", { count: sums.assigned }),
    remaining: t("codes.count.remaining", { count: sums.remaining }),
    deleted: t("codes.count.deleted", { count: sums.deleted }),
  });
}
