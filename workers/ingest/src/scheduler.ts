import type { Logger } from "@klinik/config";
import { type Db, listDueSources } from "@klinik/db";
import { enqueueBulk, type Queues, upsertSchedule } from "@klinik/queue";

/** The one job scheduler of the instance: every TICK_MS, enqueue the sources that are due. */
export const TICK_SCHEDULER_ID = "ingest-tick";
/** How often due sources are enqueued: the most a fetch starts after its source is due. */
export const TICK_MS = 5_000;
/** Most sources enqueued by one tick; the rest, longest overdue first, go at the next. */
export const TICK_MAX_SOURCES = 5_000;
/** Job schedulers of the old design (one per source), removed at start. */
const LEGACY_PREFIX = "source-";

/** While its ingest job waits or runs, a source is not enqueued again. */
export const sourceDedupId = (sourceId: string) => `source-${sourceId}`;

/**
 * One tick: reads the sources due now from the database (an indexed query that
 * returns only those due) and enqueues one ingest job each. A source whose job
 * is still waiting or running is not enqueued twice (BullMQ deduplication), so
 * ticks from several processes, or a slow fetch, never pile jobs up. Its job
 * sets next_fetch_at, which takes it out of the next ticks until it is due again.
 */
export async function enqueueDueSources(
  deps: { db: Db; queues: Queues },
  now: Date = new Date(),
  limit = TICK_MAX_SOURCES,
): Promise<number> {
  const due = await listDueSources(deps.db, now.toISOString(), limit);
  await enqueueBulk(
    deps.queues,
    "ingest",
    due.map((s) => ({ payload: { tenantId: s.tenant_id, sourceId: s.id }, dedupId: sourceDedupId(s.id) })),
  );
  return due.length;
}

/**
 * Makes sure the tick's job scheduler exists (idempotent, one Redis call: run at
 * start and now and then, since a Redis without persistence loses it). At
 * start (`removeLegacy`) it also removes the per-source job schedulers of the
 * old design, which would otherwise keep firing next to the tick.
 */
export async function ensureTick(
  deps: { queues: Queues; logger: Logger; everyMs?: number },
  opts: { removeLegacy?: boolean } = {},
): Promise<void> {
  await upsertSchedule(deps.queues, "ingest-tick", TICK_SCHEDULER_ID, deps.everyMs ?? TICK_MS, {});
  if (!opts.removeLegacy) return;
  let removed = 0;
  for (;;) {
    const page = await deps.queues.ingest.getJobSchedulers(0, 999);
    const legacy = page.filter((js) => js.key?.startsWith(LEGACY_PREFIX));
    for (const js of legacy) await deps.queues.ingest.removeJobScheduler(js.key);
    removed += legacy.length;
    if (legacy.length === 0 || page.length < 1000) break;
  }
  if (removed) deps.logger.info({ removed }, "removed per-source job schedulers (replaced by the ingest tick)");
}
