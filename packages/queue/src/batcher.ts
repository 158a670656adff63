import { CLASSIFY_BATCH } from "./catalog.ts";
import { enqueueBulk, type Queues } from "./queues.ts";
import { TickBatch } from "./tick-batch.ts";

/** Enqueues items for scoring in jobs of up to CLASSIFY_BATCH ids each (one Redis round trip). */
export async function enqueueClassify(queues: Queues, tenantId: string, itemIds: readonly string[]): Promise<void> {
  const jobs: { payload: { tenantId: string; itemIds: string[] } }[] = [];
  for (let i = 0; i < itemIds.length; i += CLASSIFY_BATCH) {
    jobs.push({ payload: { tenantId, itemIds: itemIds.slice(i, i + CLASSIFY_BATCH) } });
  }
  await enqueueBulk(queues, "classify", jobs);
}

/**
 * Collects the items accepted during one tick (e.g. many concurrent public
 * reports) and enqueues them as a few batch jobs. Callers may await the promise;
 * the database, not this buffer, is the record of what was accepted, and the
 * classifier's sweeper enqueues whatever a crash or a Redis outage left behind.
 */
export class ClassifyBatcher {
  private readonly batch: TickBatch<{ tenantId: string; itemId: string }, void>;

  constructor(queues: Queues, maxPending = CLASSIFY_BATCH) {
    this.batch = new TickBatch(async (entries) => {
      const byTenant = new Map<string, typeof entries>();
      for (const e of entries) byTenant.set(e.value.tenantId, [...(byTenant.get(e.value.tenantId) ?? []), e]);
      await Promise.all(
        [...byTenant].map(async ([tenantId, group]) => {
          try {
            await enqueueClassify(
              queues,
              tenantId,
              group.map((e) => e.value.itemId),
            );
            for (const e of group) e.resolve();
          } catch (err) {
            for (const e of group) e.reject(err);
          }
        }),
      );
    }, maxPending);
  }

  add(tenantId: string, itemId: string): Promise<void> {
    return this.batch.add({ tenantId, itemId });
  }

  flush(): Promise<void> {
    return this.batch.flush();
  }
}
