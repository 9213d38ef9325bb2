/**
 * The in-process background worker's handle, in a module of its own: a service that queues a job
 * wakes the worker through it without importing the worker, which imports the services' job
 * handlers (that import was a cycle).
 */
import { outsideTransaction } from "~/models/transaction.server";

export interface BackgroundWorkerState {
  timer: ReturnType<typeof setInterval>;
  running: Promise<void> | null;
  /** Starts a drain now (or once more right after the one running). */
  wake?: () => void;
  wokenWhileRunning?: boolean;
  /** Finish the job in hand and claim no more (graceful shutdown). */
  stop?: () => void;
}

declare global {
  var loyaltyBackgroundWorker: BackgroundWorkerState | undefined;
}

/**
 * Drains now rather than at the next tick: a redemption's code is minted at once instead of up to
 * a tick later. Does nothing where the in-process worker is off (`npm run worker` polls).
 */
export function wakeBackgroundWorker(): void {
  // Never as part of a transaction open here: the drain's statements take their own turn.
  outsideTransaction(() => globalThis.loyaltyBackgroundWorker?.wake?.());
}
