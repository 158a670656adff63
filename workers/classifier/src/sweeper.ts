import type { Logger } from "@klinik/config";
import { type Db, findStalePending } from "@klinik/db";
import { enqueueClassify, type Queues } from "@klinik/queue";

/**
 * Items stay `pending` only if their enqueue was lost (Redis down when a report
 * arrived, a crash between commit and enqueue). Scoring is idempotent, so a
 * sweep that overlaps with live jobs costs a little work and changes nothing.
 */
export async function sweepPending(
  deps: { db: Db; queues: Queues; logger: Logger },
  olderThanMs: number,
): Promise<number> {
  const stale = await findStalePending(deps.db, olderThanMs, 2_000);
  if (stale.length === 0) return 0;
  const byTenant = new Map<string, string[]>();
  for (const s of stale) byTenant.set(s.tenant_id, [...(byTenant.get(s.tenant_id) ?? []), s.id]);
  for (const [tenantId, ids] of byTenant) await enqueueClassify(deps.queues, tenantId, ids);
  deps.logger.info({ count: stale.length }, "re-enqueued pending items");
  return stale.length;
}
