import type { ClarificationMatcher, TenantClusterer } from "@klinik/claims";
import { type Db, getPendingItems, newId, type ScoredAssignment, storeScoredBatch } from "@klinik/db";
import type { JobPayload } from "@klinik/queue";
import type { ScoreRunner } from "./score-pool.ts";

export interface ClassifyOutcome {
  /** Items this job scored and stored. */
  scored: number;
  /** Items already scored (a retry or a duplicate job) or gone. */
  skipped: number;
}

export interface ClassifyDeps {
  db: Db;
  /** Runs the scorer and the MinHash signature, here or on scoring threads. */
  runner: ScoreRunner;
  modelVersion: string;
  clusterer: TenantClusterer;
  clarifications: ClarificationMatcher;
}

/**
 * Scores a batch of items, folds each into its claim cluster and marks the
 * published clarifications (of any clinic) it matches, all stored in one
 * transaction. Idempotent: BullMQ is at-least-once, and only items still
 * pending are stored, so a job retried after a crash never scores twice.
 */
export function createClassifyProcessor(deps: ClassifyDeps) {
  return async ({ tenantId, itemIds }: JobPayload<"classify">): Promise<ClassifyOutcome> => {
    const items = await getPendingItems(deps.db, tenantId, itemIds);
    if (items.length === 0) return { scored: 0, skipped: itemIds.length };
    const [raw] = await Promise.all([deps.runner.score(items), deps.clarifications.refresh()]);
    const createdAt = new Map(items.map((it) => [it.id, it.created_at]));
    const scored = raw.map((s) => ({
      id: s.id,
      sig: s.sig,
      encoded: s.signature,
      result: s.result,
      clarified: deps.clarifications.matchLoaded(s.sig, 5).filter((m) => m.tier === "confirmed"),
    }));
    const stored = await deps.clusterer.withTenant(tenantId, async (index, scope) => {
      // Near-duplicates inside this batch must find each other, so each joins the index as it is decided.
      const batch: ScoredAssignment[] = [];
      for (const s of scored) {
        const near = index.query(s.sig, 5);
        const best = near.find((m) => m.tier === "confirmed");
        const clusterId = best?.clusterId ?? newId();
        index.add(s.id, clusterId, s.sig);
        batch.push({
          itemId: s.id,
          result: s.result,
          clusterId,
          signature: s.encoded,
          createdAt: createdAt.get(s.id),
          matches: s.clarified.map((m) => ({ clarificationId: m.clarificationId, similarity: m.similarity })),
          suggestions: near
            .filter((m) => m.tier === "suggested" && m.clusterId !== clusterId)
            .slice(0, 3)
            .map((m) => ({ clusterId: m.clusterId, similarity: m.similarity })),
        });
      }
      let done = new Set<string>();
      try {
        const result = await storeScoredBatch(deps.db, tenantId, deps.modelVersion, batch);
        done = result.ids;
        scope.committed(result.signatureSeqs);
      } finally {
        // What was not stored here (a failed transaction, or scored meanwhile by another
        // process) leaves the index; catching up from the database restores the truth.
        for (const a of batch) if (!done.has(a.itemId)) index.remove(a.itemId);
      }
      return done.size;
    });
    return { scored: stored, skipped: itemIds.length - stored };
  };
}
