import type { Logger } from "@klinik/config";
import { createReports, type Db, type NewReport } from "@klinik/db";
import type { ClassifyBatcher } from "@klinik/queue";

/**
 * Group commit for public reports: reports arriving in the same tick are stored
 * in one transaction, and each request is answered only after that commit, so
 * a 202 always means the report is on disk. Then they are enqueued for scoring
 * (a lost enqueue is picked up by the classifier's sweeper).
 */
export class ReportWriter {
  private pending: {
    report: NewReport;
    resolve: (v: { reportId: string; itemId: string }) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly batcher: ClassifyBatcher,
    private readonly logger: Pick<Logger, "warn">,
    private readonly maxBatch = 200,
  ) {}

  write(report: NewReport): Promise<{ reportId: string; itemId: string }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ report, resolve, reject });
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
      this.settle(
        batch,
        await createReports(
          this.db,
          batch.map((b) => b.report),
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
          this.settle([b], await createReports(this.db, [b.report]));
        } catch (e) {
          b.reject(e);
        }
      }
    }
  }

  private settle(batch: ReportWriter["pending"], stored: { reportId: string; itemId: string }[]): void {
    batch.forEach((b, i) => {
      const s = stored[i];
      if (!s) {
        b.reject(new Error("report was not stored"));
        return;
      }
      b.resolve(s);
      this.batcher
        .add(b.report.tenantId, s.itemId)
        .catch((err: unknown) => this.logger.warn({ err, itemId: s.itemId }, "enqueue of report deferred to sweeper"));
    });
  }
}
