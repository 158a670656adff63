import { type Db, findStrandedDeliveries } from "@klinik/db";
import { type createRedis, enqueueBulk, type Queues } from "@klinik/queue";

type Redis = ReturnType<typeof createRedis>;

export interface DeliverySweepDeps {
  db: Db;
  queues: Queues;
  /** The Redis the queues live on, and their prefix: the sweeps of several processes share a lease there. */
  redis: Redis;
  prefix: string;
  logger: { info(obj: object, msg?: string): void };
}

export interface DeliverySweepOptions {
  /** A delivery untouched this long, with no retry due and no lease, has lost its job. */
  olderThanMs: number;
  /** One sweep (of any process) per this many ms. */
  everyMs: number;
  /** Most deliveries one sweep re-enqueues (default 1,000). */
  limit?: number;
}

/**
 * A delivery row is written before its job, so a change stands when Redis is down; the
 * row then says pending with no job to post it, and a Redis without persistence loses
 * waiting jobs the same way. Swept here, once per `everyMs` over all ingest processes (a
 * Redis lease), the job deduplicated per delivery so a sweep never piles a second one
 * behind a waiting first. A copy of a live job costs nothing: the processor posts only a
 * pending delivery it holds the lease of.
 */
export async function requeueStrandedDeliveries(deps: DeliverySweepDeps, opts: DeliverySweepOptions): Promise<number> {
  const lease = await deps.redis.set(
    `${deps.prefix}:webhook-sweep:lease`,
    String(process.pid),
    "PX",
    opts.everyMs,
    "NX",
  );
  if (lease !== "OK") return 0;
  const stranded = await findStrandedDeliveries(deps.db, opts.olderThanMs, opts.limit ?? 1_000);
  await enqueueBulk(
    deps.queues,
    "deliver-webhook",
    stranded.map((d) => ({ payload: { tenantId: d.tenant_id, deliveryId: d.id }, dedupId: `wh-sweep-${d.id}` })),
  );
  if (stranded.length > 0) deps.logger.info({ count: stranded.length }, "re-enqueued stranded webhook deliveries");
  return stranded.length;
}
