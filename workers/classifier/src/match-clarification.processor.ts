import { clarificationSignatures, clustersMarkedBy, type TenantClusterer } from "@klinik/claims";
import { type Db, forClinic, getPublishedClarificationForMatching, listClinicIds } from "@klinik/db";
import type { JobPayload } from "@klinik/queue";

/**
 * A clarification was just published: every clinic's claims that are confirmed
 * near-duplicates of what it answers get marked with it at once, so analysts
 * elsewhere see the answer on items they already have. Idempotent. Which
 * clusters it marks is decided in `@klinik/claims` (`clustersMarkedBy`).
 */
export function createMatchClarificationProcessor(deps: { db: Db; clusterer: TenantClusterer }) {
  return async ({ clarificationId }: JobPayload<"match-clarification">): Promise<{ marked: number }> => {
    const c = await getPublishedClarificationForMatching(deps.db, clarificationId);
    if (!c) return { marked: 0 };
    const sigs = clarificationSignatures(c);
    let marked = 0;
    for (const tenantId of await listClinicIds(deps.db)) {
      const clusters = await deps.clusterer.withTenant(tenantId, async (index) => clustersMarkedBy(index, sigs));
      if (clusters.size > 0) marked += await forClinic(deps.db, tenantId).markClustersWithClarification(c.id, clusters);
    }
    return { marked };
  };
}
