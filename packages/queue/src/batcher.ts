import { CLASSIFY_BATCH } from "./catalog.ts";
import { enqueueBulk, type Queues } from "./queues.ts";

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
  private pending = new Map<string, { ids: string[]; done: ((e?: unknown) => void)[] }>();
  private count = 0;
  private scheduled = false;

  constructor(
    private readonly queues: Queues,
    private readonly maxPending = CLASSIFY_BATCH,
  ) {}

  add(tenantId: string, itemId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const group = this.pending.get(tenantId) ?? { ids: [], done: [] };
      group.ids.push(itemId);
      group.done.push((e) => (e ? reject(e) : resolve()));
      this.pending.set(tenantId, group);
      this.count += 1;
      if (this.count >= this.maxPending) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  async flush(): Promise<void> {
    this.scheduled = false;
    const groups = this.pending;
    if (groups.size === 0) return;
    this.pending = new Map();
    this.count = 0;
    await Promise.all(
      [...groups].map(async ([tenantId, g]) => {
        try {
          await enqueueClassify(this.queues, tenantId, g.ids);
          for (const d of g.done) d();
        } catch (err) {
          for (const d of g.done) d(err);
        }
      }),
    );
  }
}
