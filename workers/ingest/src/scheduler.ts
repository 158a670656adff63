import type { Logger } from "@klinik/config";
import { type Db, listEnabledSources } from "@klinik/db";
import { type Queues, upsertSchedule } from "@klinik/queue";
import { ZodError } from "zod";

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
    const payload = { tenantId: s.tenant_id, sourceId: s.id };
    // One source the catalog refuses must not leave the sources after it unscheduled.
    await upsertSchedule(deps.queues, "ingest", id, s.schedule_sec * 1000, payload).catch((err: unknown) => {
      if (!(err instanceof ZodError || err instanceof RangeError)) throw err;
      deps.logger.warn({ sourceId: s.id, err: err.message }, "source not scheduled");
    });
  }
  const existing = await deps.queues.ingest.getJobSchedulers(0, -1);
  for (const js of existing) {
    if (js.key && !wanted.has(js.key)) await deps.queues.ingest.removeJobScheduler(js.key);
  }
  return sources.length;
}
