import { randomBytes } from "node:crypto";

/**
 * Ids for rows inserted with raw SQL, in the same shape as Prisma's `cuid()`: "c", the time in
 * base 36, a counter, a process fingerprint, randomness. Ids made in one process sort in creation
 * order, which keeps a member's ledger history in posting order when two entries share a
 * millisecond (histories are ordered by createdAt, then id).
 */
const fingerprint = randomBytes(4)
  .readUInt32BE(0)
  .toString(36)
  .padStart(4, "0")
  .slice(-4);
let counter = 0;

// Random bytes drawn 1,536 at a time: one system call for 256 ids, not one each.
const POOL_IDS = 256;
let pool = randomBytes(6 * POOL_IDS);
let used = 0;

function randomPart(): number {
  if (used === POOL_IDS) {
    pool = randomBytes(6 * POOL_IDS);
    used = 0;
  }
  used += 1;
  return pool.readUIntBE(6 * (used - 1), 6);
}

/** `at`: the caller's clock, in milliseconds (the time part of the id). */
export function newId(at: number): string {
  counter = (counter + 1) % 36 ** 4;
  const random = randomPart().toString(36).padStart(8, "0").slice(-8);
  return `c${at.toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${fingerprint}${random}`;
}
