import type { Scorer } from "@klinik/core";
import { type Db, getItemForScoring, markScored } from "@klinik/db";
import type { JobPayload } from "@klinik/queue";

export type ClassifyOutcome = "scored" | "already_scored" | "missing";

/**
 * Scores one item. Idempotent: BullMQ is at-least-once, and the conditional
 * update in `markScored` means a job retried after a crash never scores twice.
 */
export function createClassifyProcessor(deps: { db: Db; scorer: Scorer }) {
  return async ({ tenantId, itemId }: JobPayload<"classify">): Promise<ClassifyOutcome> => {
    const item = await getItemForScoring(deps.db, tenantId, itemId);
    if (!item) return "missing";
    if (item.status !== "pending") return "already_scored";
    const result = deps.scorer.score({ text: item.text, title: item.title, url: item.url });
    const updated = await markScored(deps.db, tenantId, itemId, result, deps.scorer.version);
    return updated ? "scored" : "already_scored";
  };
}
