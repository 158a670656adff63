import type { Logger } from "@klinik/config";
import { createReports, type Db, type NewReport } from "@klinik/db";
import { type ClassifyBatcher, TickBatch } from "@klinik/queue";

/**
 * Group commit for public reports: reports arriving in the same tick are stored
 * in one transaction, and each request is answered only after that commit, so
 * a 202 always means the report is on disk. Then they are enqueued for scoring
 * (a lost enqueue is picked up by the classifier's sweeper).
 */
type Stored = { reportId: string; itemId: string; ticket: string };

export class ReportWriter {
  private readonly batch: TickBatch<NewReport, Stored>;

  constructor(
    private readonly db: Db,
    private readonly batcher: ClassifyBatcher,
    private readonly logger: Pick<Logger, "warn">,
    maxBatch = 200,
  ) {
    this.batch = new TickBatch((entries) => this.store(entries), maxBatch);
  }

  write(report: NewReport): Promise<Stored> {
    return this.batch.add(report);
  }

  flush(): Promise<void> {
    return this.batch.flush();
  }

  private async store(batch: Entry[]): Promise<void> {
    try {
      this.settle(
        batch,
        await createReports(
          this.db,
          batch.map((b) => b.value),
        ),
      );
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      // One report the database refused must not cost the others: each is tried alone.
      this.logger.warn({ err, reports: batch.length }, "group commit failed; storing reports one by one");
      for (const b of batch) {
        try {
          this.settle([b], await createReports(this.db, [b.value]));
        } catch (e) {
          b.reject(e);
        }
      }
    }
  }

  private settle(batch: Entry[], stored: Stored[]): void {
    batch.forEach((b, i) => {
      const s = stored[i];
      if (!s) {
        b.reject(new Error("report was not stored"));
        return;
      }
      b.resolve(s);
      this.batcher
        .add(b.value.tenantId, s.itemId)
        .catch((err: unknown) => this.logger.warn({ err, itemId: s.itemId }, "enqueue of report deferred to sweeper"));
    });
  }
}

type Entry = { value: NewReport; resolve: (r: Stored) => void; reject: (e: unknown) => void };
