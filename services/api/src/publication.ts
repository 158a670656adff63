import type { Logger } from "@klinik/config";
import type { Queues } from "@klinik/queue";

/**
 * After a clarification is published, the classifier marks the matching items
 * already waiting in every clinic's queue. Best effort: the publication stands
 * even if Redis is down (new items are matched by the classifier either way).
 */
export async function announcePublication(deps: { queues: Queues; logger: Pick<Logger, "warn"> }, id: string) {
  await deps.queues["match-clarification"]
    .add("match-clarification", { clarificationId: id }, { jobId: `published-${id}` })
    .catch((err: unknown) => deps.logger.warn({ err, clarificationId: id }, "cross-clinic matching not enqueued"));
}
