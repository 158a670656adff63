import { type ClarificationMatcher, claimSignature, encodeSignature, type TenantClusterer } from "@klinik/claims";
import type { Scorer } from "@klinik/core";
import { type Db, getItemForScoring, storeScoredItem } from "@klinik/db";
import type { JobPayload } from "@klinik/queue";

export type ClassifyOutcome = "scored" | "already_scored" | "missing";

export interface ClassifyDeps {
  db: Db;
  scorer: Scorer;
  clusterer: TenantClusterer;
  clarifications: ClarificationMatcher;
}

/**
 * Scores one item, folds it into its claim cluster and marks the published
 * clarifications (of any clinic) it matches — all in one transaction.
 * Idempotent: BullMQ is at-least-once, and `storeScoredItem` only touches an
 * item that is still pending, so a job retried after a crash changes nothing.
 */
export function createClassifyProcessor(deps: ClassifyDeps) {
  return async ({ tenantId, itemId }: JobPayload<"classify">): Promise<ClassifyOutcome> => {
    const item = await getItemForScoring(deps.db, tenantId, itemId);
    if (!item) return "missing";
    if (item.status !== "pending") return "already_scored";
    const result = deps.scorer.score({ text: item.text, title: item.title, url: item.url });
    const sig = claimSignature(item.title, item.text);
    const clarified = (await deps.clarifications.match(sig, 5)).filter((m) => m.tier === "confirmed");
    const stored = await deps.clusterer.withTenant(tenantId, async (index) => {
      const best = index.query(sig, 5).find((m) => m.tier === "confirmed");
      const r = await storeScoredItem(deps.db, {
        tenantId,
        itemId,
        result,
        modelVersion: deps.scorer.version,
        clusterId: best?.clusterId ?? null,
        signature: encodeSignature(sig),
        matches: clarified.map((m) => ({ clarificationId: m.clarificationId, similarity: m.similarity })),
      });
      if (r.stored) index.add(itemId, r.clusterId, sig);
      return r.stored;
    });
    return stored ? "scored" : "already_scored";
  };
}
