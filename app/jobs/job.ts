import { z } from "zod";

import { type OutboxJobKind } from "~/models/outbox.server";

/**
 * One kind of outbox job: the shape of its payload, what it does, and, for a recurring job, when
 * it runs next (docs/decisions/0021-jobs.md). The worker parses the payload with the schema
 * before running: a payload that does not fit fails the job at once (a retry would not fit better).
 */

/** What a job's run is given: its row, its parsed payload, and the worker's clock. */
export interface JobRun<Payload> {
  id: string;
  shopDomain: string;
  kind: string;
  payload: Payload;
  /** Attempts made before this one. */
  attempts: number;
  /** The worker's clock when the job started: what the job writes and decides is dated by it. */
  now: Date;
}

/** The next run of a recurring job, and the length of its period (one run per shop and period). */
export interface NextRun {
  runAfter: Date;
  everyMs: number;
}

export interface JobDefinition<Payload> {
  kind: OutboxJobKind;
  payload: z.ZodType<Payload, z.ZodTypeDef, unknown>;
  run(job: JobRun<Payload>): Promise<void>;
  /**
   * A recurring job: its next run, queued by the worker BEFORE this one runs, so a run that fails
   * for good never stops the job for the shop. Null when it should stop (the shop left, the
   * feature is off, nothing to watch).
   */
  next?(shopDomain: string, now: Date): Promise<NextRun | null>;
}

/** A job as the registry holds it: the payload type is checked inside, not by the worker. */
export interface RegisteredJob {
  kind: OutboxJobKind;
  next?(shopDomain: string, now: Date): Promise<NextRun | null>;
  /** The payload parsed: a run to start, or the schema's complaint. */
  prepare(
    payload: unknown,
  ):
    | { ok: true; run(job: Omit<JobRun<unknown>, "payload">): Promise<void> }
    | { ok: false; error: string };
}

export function defineJob<Payload>(
  definition: JobDefinition<Payload>,
): RegisteredJob {
  return {
    kind: definition.kind,
    next: definition.next,
    prepare(payload) {
      const parsed = definition.payload.safeParse(payload);
      if (!parsed.success)
        return {
          ok: false,
          error: `Invalid payload for ${definition.kind}: ${parsed.error.issues
            .map(
              (issue) =>
                `${issue.path.join(".") || "(payload)"}: ${issue.message}`,
            )
            .join("; ")}`,
        };
      return {
        ok: true,
        run: (job) => definition.run({ ...job, payload: parsed.data }),
      };
    },
  };
}

/** The payload of a job that needs none beyond its shop. */
export const NoPayloadSchema = z.object({}).passthrough();
