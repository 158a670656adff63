import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";

/** Every job the system runs: its payload schema and default options. */
export const catalog = {
  classify: {
    queue: "classify",
    payload: z.object({ tenantId: z.string().min(1), itemId: z.string().min(1) }),
    options: {
      attempts: 5,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { count: 1_000, age: 3_600 },
      // Failed jobs stay inspectable for a week.
      removeOnFail: { count: 10_000, age: 7 * 24 * 3_600 },
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
} as const satisfies Record<string, { queue: string; payload: z.ZodType; options: DefaultJobOptions }>;

export type JobName = keyof typeof catalog;
export type JobPayload<N extends JobName> = z.infer<(typeof catalog)[N]["payload"]>;
