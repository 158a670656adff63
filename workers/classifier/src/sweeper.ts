import type { Logger } from "@klinik/config";
import { type Db, findStalePending } from "@klinik/db";
import { enqueueBulk, type Queues } from "@klinik/queue";

/**
 * Items stay `pending` only if their enqueue was lost (Redis down when a report
 * arrived, a crash between commit and enqueue). Re-enqueueing by item id is
 * idempotent, so the sweep may overlap with live jobs.
 */
export async function sweepPending(
  deps: { db: Db; queues: Queues; logger: Logger },
  olderThanMs: number,
): Promise<number> {
  const stale = await findStalePending(deps.db, olderThanMs, 1_000);
  if (stale.length === 0) return 0;
  await enqueueBulk(
    deps.queues,
    "classify",
    stale.map((s) => ({ payload: { tenantId: s.tenant_id, itemId: s.id }, jobId: s.id })),
  );
  deps.logger.info({ count: stale.length }, "re-enqueued pending items");
  return stale.length;
}
