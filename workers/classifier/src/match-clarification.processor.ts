import { claimSignature, decodeSignature, type TenantClusterer } from "@klinik/claims";
import type { Signature } from "@klinik/cluster";
import { type Db, getPublishedClarificationForMatching, markClustersWithClarification } from "@klinik/db";
import type { JobPayload } from "@klinik/queue";

/**
 * A clarification was just published: every clinic's claims that are confirmed
 * near-duplicates of what it answers get marked with it at once, so analysts
 * elsewhere see the answer on items they already have. Idempotent.
 */
export function createMatchClarificationProcessor(deps: { db: Db; clusterer: TenantClusterer }) {
  return async ({ clarificationId }: JobPayload<"match-clarification">): Promise<{ marked: number }> => {
    const c = await getPublishedClarificationForMatching(deps.db, clarificationId);
    if (!c) return { marked: 0 };
    const sigs: Signature[] = [claimSignature(c.title, c.body)];
    for (const s of c.item_signatures) {
      try {
        sigs.push(decodeSignature(s));
      } catch {
        // a signature of an older format: the clarification's own text still matches
      }
    }
    const tenants = await deps.db.selectFrom("tenants").select("id").execute();
    let marked = 0;
    for (const t of tenants) {
      const clusters = await deps.clusterer.withTenant(t.id, async (index) => {
        const best = new Map<string, number>();
        for (const sig of sigs) {
          for (const m of index.query(sig, 50)) {
            if (m.tier === "confirmed") best.set(m.clusterId, Math.max(best.get(m.clusterId) ?? 0, m.similarity));
          }
        }
        return best;
      });
      if (clusters.size > 0) marked += await markClustersWithClarification(deps.db, t.id, c.id, clusters);
    }
    return { marked };
  };
}
