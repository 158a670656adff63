import { ClusterIndex, type Signature } from "@klinik/cluster";
import {
  type Db,
  getPublishedClarificationForMatching,
  type PublishedClarificationText,
  publishedClarificationsAfter,
} from "@klinik/db";
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
  // Signatures added per clarification, to take them out again.
  private readonly keys = new Map<string, number>();
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
            this.add(c);
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

  /** Whether the clarification is among the loaded ones. */
  has(id: string): boolean {
    return this.tenantOf.has(id);
  }

  /**
   * Reads these loaded clarifications again: an edited one is signed by its new
   * text, one no longer published (withdrawn) is forgotten. `refresh` only brings
   * new publications.
   */
  async reload(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      if (!this.tenantOf.has(id)) continue;
      const c = await getPublishedClarificationForMatching(this.db, id);
      this.forget(id);
      if (c) this.add(c);
    }
  }

  private add(c: PublishedClarificationText): void {
    this.tenantOf.set(c.id, c.tenant_id);
    const sigs = clarificationSignatures(c);
    for (const [i, sig] of sigs.entries()) this.index.add(`${c.id}:${i}`, c.id, sig);
    this.keys.set(c.id, sigs.length);
  }

  private forget(id: string): void {
    for (let i = 0; i < (this.keys.get(id) ?? 0); i++) this.index.remove(`${id}:${i}`);
    this.keys.delete(id);
    this.tenantOf.delete(id);
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
