/**
 * Collects what arrives during one event-loop tick (or until `max` entries) and
 * hands it over as one batch: many concurrent requests, one commit or one
 * enqueue. Each caller's promise settles with its own entry's outcome.
 */
export class TickBatch<T, R> {
  private pending: { value: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    /** Settles each entry of a batch (every entry must be resolved or rejected). */
    private readonly run: (
      batch: { value: T; resolve: (r: R) => void; reject: (e: unknown) => void }[],
    ) => Promise<void>,
    private readonly max: number,
  ) {}

  add(value: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ value, resolve, reject });
      if (this.pending.length >= this.max) void this.flush();
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
    await this.run(batch);
  }
}
