import type { Logger } from "@klinik/config";
import { type Db, listEnabledSources } from "@klinik/db";
import type { Queues } from "@klinik/queue";

const schedulerId = (sourceId: string) => `source-${sourceId}`;

/**
 * Keeps one BullMQ job scheduler per enabled source (repeating every
 * schedule_sec) and removes those of sources that were paused or deleted.
 * Safe to run from several processes: upserts are idempotent.
 */
export async function syncSchedules(deps: { db: Db; queues: Queues; logger: Logger }): Promise<number> {
  const sources = await listEnabledSources(deps.db);
  const wanted = new Set<string>();
  for (const s of sources) {
    const id = schedulerId(s.id);
    wanted.add(id);
    await deps.queues.ingest.upsertJobScheduler(
      id,
      { every: s.schedule_sec * 1000 },
      { name: "ingest", data: { tenantId: s.tenant_id, sourceId: s.id } },
    );
  }
  const existing = await deps.queues.ingest.getJobSchedulers(0, -1);
  for (const js of existing) {
    if (js.key && !wanted.has(js.key)) await deps.queues.ingest.removeJobScheduler(js.key);
  }
  return sources.length;
}
