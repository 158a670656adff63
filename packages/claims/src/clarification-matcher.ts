import { ClusterIndex, type Signature } from "@klinik/cluster";
import { type Db, publishedClarificationsAfter } from "@klinik/db";
import { clarificationSignatures } from "./claim-assignment.ts";

export interface ClarificationMatch {
  clarificationId: string;
  /** The clinic that wrote it: may be another clinic of the instance. */
  tenantId: string;
  similarity: number;
  tier: "confirmed" | "suggested";
}

/**
 * Every published clarification of every clinic, indexed by the texts it
 * answers (its linked items) and its own title and body. This is what lets a
 * hoax clarified in one province answer the same message in another at once.
 */
export class ClarificationMatcher {
  private readonly index = new ClusterIndex();
  private readonly tenantOf = new Map<string, string>();
  private after = "";
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    /** 0 = look for new publications before every match (one indexed query). */
    private readonly refreshEveryMs = 0,
  ) {}

  /** Loads clarifications published since the last refresh (at most once per `refreshEveryMs`). */
  async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.lastRefresh < this.refreshEveryMs) return;
    this.refreshing ??= (async () => {
      try {
        for (;;) {
          const rows = await publishedClarificationsAfter(this.db, this.after, 500);
          let fresh = 0;
          for (const c of rows) {
            this.after = c.published_at;
            if (this.tenantOf.has(c.id)) continue;
            fresh += 1;
            this.tenantOf.set(c.id, c.tenant_id);
            for (const [i, sig] of clarificationSignatures(c).entries()) this.index.add(`${c.id}:${i}`, c.id, sig);
          }
          // `>=` on the timestamp re-reads the last ones: stop when a page brings nothing new.
          if (rows.length < 500 || fresh === 0) break;
        }
        this.lastRefresh = Date.now();
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }

  /** Published clarifications the text matches, best first, one entry per clarification. */
  async match(sig: Signature, limit = 5): Promise<ClarificationMatch[]> {
    await this.refresh();
    return this.matchLoaded(sig, limit);
  }

  /** Like `match`, against what the last `refresh` loaded (for a batch: refresh once, match many). */
  matchLoaded(sig: Signature, limit = 5): ClarificationMatch[] {
    const out: ClarificationMatch[] = [];
    const seen = new Set<string>();
    for (const m of this.index.query(sig, limit * 4)) {
      if (seen.has(m.clusterId)) continue;
      seen.add(m.clusterId);
      out.push({
        clarificationId: m.clusterId,
        tenantId: this.tenantOf.get(m.clusterId) ?? "",
        similarity: m.similarity,
        tier: m.tier,
      });
      if (out.length >= limit) break;
    }
    return out;
  }
}
