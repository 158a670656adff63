import type { JobPayload } from "./catalog.ts";
import { enqueueBulk, type Queues } from "./queues.ts";

/** One training run waits or runs per clinic, and one for the instance model (`tenantId` null). */
const dedupId = (tenantId: string | null) => (tenantId === null ? "train:instance" : `train:${tenantId}`);

/** Enqueues a clinic's training run unless one already waits or runs for it. */
export async function enqueueTraining(
  queues: Queues,
  tenantId: string | null,
  trigger: JobPayload<"train-model">["trigger"],
): Promise<void> {
  await enqueueBulk(queues, "train-model", [{ payload: { tenantId, trigger }, dedupId: dedupId(tenantId) }]);
}

/** Whether a training run of the clinic waits or runs now (its deduplication id still names a live job). */
export async function trainingInProgress(queues: Queues, tenantId: string | null): Promise<boolean> {
  const queue = queues["train-model"];
  const jobId = await queue.getDeduplicationJobId(dedupId(tenantId));
  if (!jobId) return false;
  const state = await queue.getJobState(jobId);
  return state === "waiting" || state === "active" || state === "delayed" || state === "prioritized";
}
