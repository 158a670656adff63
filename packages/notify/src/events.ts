import type { Redis } from "ioredis";
import { z } from "zod";

/**
 * What the browser is told, through Redis pub/sub so that every API process
 * hears what any classifier (or API) process says. One channel for the whole
 * instance; each listener keeps only its own clinic's events.
 */
export const notifyEventSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("claim.new"),
    tenantId: z.string(),
    clusterId: z.string(),
    score: z.number(),
    /** The claim's first words, as its representative item says them. */
    text: z.string(),
  }),
  z.object({
    kind: z.literal("claim.assigned"),
    tenantId: z.string(),
    clusterId: z.string(),
    /** The person it was assigned to: only they are told. */
    userId: z.string(),
    byName: z.string(),
    text: z.string(),
  }),
]);
export type NotifyEvent = z.infer<typeof notifyEventSchema>;

export const notifyChannel = (prefix: string) => `${prefix}:notify:events`;

/** At most this many characters of a claim travel in an event (a notification shows a line or two). */
export const EVENT_TEXT_MAX = 160;

export function shortText(title: string | null, text: string): string {
  const s = (title?.trim() || text).replace(/\s+/g, " ").trim();
  return s.length > EVENT_TEXT_MAX ? `${s.slice(0, EVENT_TEXT_MAX - 1)}…` : s;
}

export async function publishNotifyEvent(redis: Redis, prefix: string, event: NotifyEvent): Promise<void> {
  await redis.publish(notifyChannel(prefix), JSON.stringify(event));
}

/** A message off the channel, or undefined for anything that is not one of ours. */
export function parseNotifyEvent(message: string): NotifyEvent | undefined {
  try {
    const r = notifyEventSchema.safeParse(JSON.parse(message));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
