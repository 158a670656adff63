import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";

/** Most item ids in one classify job. */
export const CLASSIFY_BATCH_MAX = 200;
/** Batch size producers use when they have many items at once. */
export const CLASSIFY_BATCH = 100;

/** Open items one rescore job scores and stores. */
export const RESCORE_BATCH = 250;

/** Every job the system runs: its payload schema and default options. */
export const catalog = {
  classify: {
    queue: "classify",
    // Items travel in batches: one job scores many, so queue overhead is paid once per batch.
    payload: z.object({
      tenantId: z.string().min(1),
      itemIds: z.array(z.string().min(1).max(64)).min(1).max(CLASSIFY_BATCH_MAX),
    }),
    options: {
      attempts: 5,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { count: 1_000, age: 3_600 },
      // Failed jobs stay inspectable for a week.
      removeOnFail: { count: 10_000, age: 7 * 24 * 3_600 },
    },
  },
  /** A clarification was published: mark matching items already in every clinic's queue. */
  "match-clarification": {
    queue: "match-clarification",
    payload: z.object({ clarificationId: z.string().min(1).max(64) }),
    options: {
      attempts: 5,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { count: 1_000, age: 24 * 3_600 },
      removeOnFail: { count: 10_000, age: 7 * 24 * 3_600 },
    },
  },
  /**
   * One event (published, corrected, withdrawn) to one partner's webhook. Retried with
   * exponential backoff (2 s, 4 s, … 512 s: about 17 minutes in all over 10 attempts); every
   * attempt is written to the clinic's delivery log.
   */
  "deliver-webhook": {
    queue: "deliver-webhook",
    payload: z.object({ tenantId: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) }),
    options: {
      attempts: 10,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { count: 1_000, age: 24 * 3_600 },
      removeOnFail: { count: 10_000, age: 7 * 24 * 3_600 },
    },
  },
  /** A new claim scored high, or a claim was assigned: tell the people who asked, on Telegram. */
  notify: {
    queue: "notify",
    payload: z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("claim.new"),
        tenantId: z.string().min(1),
        clusterId: z.string().min(1).max(64),
        score: z.number().min(0).max(1),
      }),
      z.object({
        kind: z.literal("claim.assigned"),
        tenantId: z.string().min(1),
        clusterId: z.string().min(1).max(64),
        userId: z.string().min(1).max(64),
      }),
    ]),
    options: {
      attempts: 4,
      backoff: { type: "exponential", delay: 5_000 },
      removeOnComplete: { count: 1_000, age: 24 * 3_600 },
      removeOnFail: { count: 10_000, age: 7 * 24 * 3_600 },
    },
  },
  /**
   * The email digest: scheduled once for the instance (no tenantId), which enqueues one
   * job per clinic that sends digests; a clinic's job mails each person who opted in.
   */
  "notify-digest": {
    queue: "notify-digest",
    payload: z.object({ tenantId: z.string().min(1).optional() }),
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 30_000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 1_000, age: 7 * 24 * 3_600 },
    },
  },
  ingest: {
    queue: "ingest",
    payload: z.object({ tenantId: z.string().min(1), sourceId: z.string().min(1) }),
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 5_000 },
      removeOnComplete: { count: 1_000, age: 24 * 3_600 },
      removeOnFail: { count: 10_000, age: 7 * 24 * 3_600 },
    },
  },
  /**
   * Every few seconds (one job scheduler for the whole instance): enqueue an
   * ingest job for each source whose next fetch is due. Replaces one job
   * scheduler per source, whose sync cost grew with the number of sources.
   */
  "ingest-tick": {
    queue: "ingest-tick",
    payload: z.object({}),
    options: {
      attempts: 1,
      removeOnComplete: { count: 10 },
      removeOnFail: { count: 100, age: 24 * 3_600 },
    },
  },
  /**
   * Train a clinic's model on its verdicts (after enough new ones, on the
   * schedule, or on request); deduplicated per clinic while one waits or runs.
   * `tenantId` null: the instance-wide model, on every clinic's verdicts.
   */
  "train-model": {
    queue: "train-model",
    payload: z.object({
      tenantId: z.string().min(1).max(64).nullable(),
      trigger: z.enum(["threshold", "schedule", "request"]),
    }),
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 10_000 },
      removeOnComplete: { count: 1_000, age: 7 * 24 * 3_600 },
      removeOnFail: { count: 1_000, age: 7 * 24 * 3_600 },
    },
  },
  /** Every minute (one scheduler for the instance): enqueue training for clinics due for it. */
  "model-tick": {
    queue: "model-tick",
    payload: z.object({}),
    options: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 100, age: 24 * 3_600 } },
  },
  /**
   * Re-score a clinic's open items with the model `version` (just activated):
   * without `itemIds` the job lists them and enqueues one job per batch.
   */
  rescore: {
    queue: "rescore",
    payload: z.object({
      tenantId: z.string().min(1).max(64),
      version: z.string().min(1).max(64),
      itemIds: z.array(z.string().min(1).max(64)).min(1).max(RESCORE_BATCH).optional(),
    }),
    options: {
      attempts: 5,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { count: 1_000, age: 3_600 },
      removeOnFail: { count: 10_000, age: 7 * 24 * 3_600 },
    },
  },
} as const satisfies Record<string, { queue: string; payload: z.ZodType; options: DefaultJobOptions }>;

export type JobName = keyof typeof catalog;
export type JobPayload<N extends JobName> = z.infer<(typeof catalog)[N]["payload"]>;
