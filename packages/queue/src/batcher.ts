import type { JobName, JobPayload } from "./catalog.ts";
import { enqueueBulk, type Queues } from "./queues.ts";

/**
 * Collects enqueues made in the same tick and sends them as one `addBulk`
 * (one Redis round trip for many HTTP requests). Callers may await the promise;
 * the database, not this buffer, is the record of what was accepted.
 */
export class EnqueueBatcher<N extends JobName> {
  private pending: { payload: JobPayload<N>; jobId?: string; done: (e?: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly queues: Queues,
    private readonly name: N,
    private readonly maxBatch = 200,
  ) {}

  add(payload: JobPayload<N>, jobId?: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ payload, ...(jobId ? { jobId } : {}), done: (e) => (e ? reject(e) : resolve()) });
      if (this.pending.length >= this.maxBatch) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      await enqueueBulk(this.queues, this.name, batch);
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.done(err);
    }
  }
}
