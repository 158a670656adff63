import type { Queue } from "bullmq";
import { catalog, type JobName, type JobPayload } from "./catalog.ts";
import type { Queues } from "./queues.ts";

/**
 * Creates or updates the job scheduler `id` on the queue of `name`, which adds
 * one `name` job with `payload` every `everyMs` (the first one at once). The
 * payload is checked against the catalog like `enqueue`'s, so a bad template
 * throws here instead of failing every repetition in the worker; the jobs get
 * the catalog's default options. Idempotent: upserting again replaces it.
 */
export async function upsertSchedule<N extends JobName>(
  queues: Queues,
  name: N,
  id: string,
  everyMs: number,
  payload: JobPayload<N>,
): Promise<void> {
  if (!Number.isInteger(everyMs) || everyMs < 1) {
    throw new RangeError(`schedule ${id}: everyMs must be a positive whole number, got ${everyMs}`);
  }
  const data = catalog[name].payload.parse(payload);
  // Queue generics collapse on the union of job names.
  await (queues[name] as Queue<any>).upsertJobScheduler(id, { every: everyMs }, { name, data });
}
