import { enqueueBulk, type Queues } from "@klinik/queue";
import type { Redis } from "ioredis";
import { publishNotifyEvent, shortText } from "./events.ts";

/**
 * The lowest score a person may ask to be told of: below it a clinic's every
 * report would ring. Claims under it are never announced, so the classifier
 * does no notification work for them.
 */
export const NOTIFY_SCORE_FLOOR = 0.5;

export interface Announcer {
  redis: Redis;
  queues: Queues;
  prefix: string;
}

/**
 * New claims of a clinic, told to the browsers that are open (pub/sub, at once)
 * and to Telegram (a job per claim, deduplicated by claim: BullMQ may run the
 * classifier's job twice, the message goes once).
 */
export async function announceNewClaims(
  a: Announcer,
  tenantId: string,
  claims: { clusterId: string; score: number; title: string | null; text: string }[],
): Promise<void> {
  const high = claims.filter((c) => c.score >= NOTIFY_SCORE_FLOOR);
  if (high.length === 0) return;
  await Promise.all(
    high.map((c) =>
      publishNotifyEvent(a.redis, a.prefix, {
        kind: "claim.new",
        tenantId,
        clusterId: c.clusterId,
        score: c.score,
        text: shortText(c.title, c.text),
      }),
    ),
  );
  await enqueueBulk(
    a.queues,
    "notify",
    high.map((c) => ({
      payload: { kind: "claim.new" as const, tenantId, clusterId: c.clusterId, score: c.score },
      jobId: `new-${c.clusterId}`,
    })),
  );
}

/**
 * A claim was assigned to a person: they are told in the browser and on
 * Telegram if they asked to be told of assignments. Call it after the
 * assignment is stored.
 */
export async function notifyAssigned(
  a: Announcer,
  e: { tenantId: string; clusterId: string; userId: string; byName: string; title: string | null; text: string },
): Promise<void> {
  await publishNotifyEvent(a.redis, a.prefix, {
    kind: "claim.assigned",
    tenantId: e.tenantId,
    clusterId: e.clusterId,
    userId: e.userId,
    byName: e.byName,
    text: shortText(e.title, e.text),
  });
  await enqueueBulk(a.queues, "notify", [
    {
      payload: { kind: "claim.assigned", tenantId: e.tenantId, clusterId: e.clusterId, userId: e.userId },
      jobId: `assigned-${e.clusterId}-${e.userId}-${Date.now()}`,
    },
  ]);
}
