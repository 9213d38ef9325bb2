import prisma from "~/db.server";
import { type LocalizedText } from "~/loyalty/rewards";
import { findProgramActive } from "~/models/program-page.server";

/**
 * Whether the program is on, and what it is called, for the storefront. The one place the program
 * page and the catalogue read them: the program switch and identity (name, points' name and icon)
 * are being added to the admin elsewhere; until they land, the name is the translated default and
 * only `Program.active` is read. Re-point this function at the new settings when they exist.
 */
export interface ProgramIdentity {
  active: boolean;
  /** What the merchant named the program; empty: the translated default. */
  name: LocalizedText;
  /** The points' icon; null: the app's own gift icon. */
  iconUrl: string | null;
}

export async function loadProgramIdentity(
  shop: string,
): Promise<ProgramIdentity> {
  return {
    active: await findProgramActive(prisma, shop),
    name: {},
    iconUrl: null,
  };
}
