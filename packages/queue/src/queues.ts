import { type Job, type JobsOptions, Queue, UnrecoverableError, Worker, type WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import { catalog, type JobName, type JobPayload } from "./catalog.ts";

export interface QueueLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

export interface QueueContext {
  connection: Redis;
  prefix: string;
}

export type Queues = { [N in JobName]: Queue<JobPayload<N>> };

export function createQueues(ctx: QueueContext): Queues {
  const make = <N extends JobName>(name: N) =>
    new Queue<JobPayload<N>>(catalog[name].queue, {
      connection: ctx.connection,
      prefix: ctx.prefix,
      defaultJobOptions: catalog[name].options,
    });
  return {
    classify: make("classify"),
    ingest: make("ingest"),
    "ingest-tick": make("ingest-tick"),
    "match-clarification": make("match-clarification"),
    "deliver-webhook": make("deliver-webhook"),
    "train-model": make("train-model"),
    "model-tick": make("model-tick"),
    rescore: make("rescore"),
    notify: make("notify"),
    "notify-digest": make("notify-digest"),
  };
}

/** Typed, validated enqueue. Custom job ids make repeated enqueues of the same work collapse. */
export async function enqueue<N extends JobName>(
  queues: Queues,
  name: N,
  payload: JobPayload<N>,
  opts: JobsOptions = {},
): Promise<void> {
  const data = catalog[name].payload.parse(payload) as JobPayload<N>;
  // Queue generics collapse on the union of job names.
  await (queues[name] as Queue<any>).add(name, data, opts);
}

export async function enqueueBulk<N extends JobName>(
  queues: Queues,
  name: N,
  /** `dedupId`: no second job with this id is added while one is waiting or running (BullMQ deduplication). */
  jobs: { payload: JobPayload<N>; jobId?: string; dedupId?: string }[],
): Promise<void> {
  if (jobs.length === 0) return;
  const entries = jobs.map((j) => ({
    name,
    data: catalog[name].payload.parse(j.payload),
    opts: {
      ...(j.jobId ? { jobId: j.jobId } : {}),
      ...(j.dedupId ? { deduplication: { id: j.dedupId } } : {}),
    },
  }));
  await (queues[name] as Queue<any>).addBulk(entries);
}

export type Processor<N extends JobName, R> = (payload: JobPayload<N>, job: Job) => Promise<R>;

/**
 * A worker for one catalog entry. The payload is parsed before the processor
 * sees it; a bad payload fails the job at once (no retries). Errors and failures
 * are always logged with queue, job id and attempt.
 */
export function createWorker<N extends JobName, R>(
  name: N,
  processor: Processor<N, R>,
  ctx: QueueContext & { logger: QueueLogger; concurrency?: number; options?: Partial<WorkerOptions> },
): Worker {
  const entry = catalog[name];
  const worker = new Worker(
    entry.queue,
    async (job: Job) => {
      const parsed = entry.payload.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(
          `invalid ${name} payload: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
        );
      }
      return processor(parsed.data as JobPayload<N>, job);
    },
    {
      connection: ctx.connection,
      prefix: ctx.prefix,
      concurrency: ctx.concurrency ?? 1,
      ...ctx.options,
    },
  );
  worker.on("error", (err) => ctx.logger.error({ queue: entry.queue, err }, "worker error"));
  worker.on("failed", (job, err) =>
    ctx.logger.warn({ queue: entry.queue, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, "job failed"),
  );
  return worker;
}

/** Closes every queue of the catalog. */
export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
