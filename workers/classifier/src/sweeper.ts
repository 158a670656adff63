import { randomUUID } from "node:crypto";
import type { Logger } from "@klinik/config";
import { type Db, findStalePending } from "@klinik/db";
import { type createRedis, enqueueClassify, type Queues } from "@klinik/queue";

type Redis = ReturnType<typeof createRedis>;

export interface SweepDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  /** The Redis the queues live on, and their prefix: sweeps of several processes coordinate there. */
  redis: Redis;
  prefix: string;
}

export interface SweepOptions {
  /** Items pending for longer than this are presumed lost by the queue. */
  olderThanMs: number;
  /** One sweep (of any process) per this many ms; the others skip. */
  everyMs: number;
  /** An item re-enqueued by a sweep is not re-enqueued again for this long (default 10 minutes). */
  holdMs?: number;
  /** Most items one sweep re-enqueues (default 20,000). */
  limit?: number;
  /** Longest a sweep may hold the lease while it runs, should its process die mid-sweep (default 60 s). */
  maxRunMs?: number;
}

/**
 * Items stay `pending` only if their enqueue was lost (Redis down when a report
 * arrived, a crash between commit and enqueue, a Redis restart without
 * persistence). Every classifier process runs this on a timer; two rules keep
 * their sweeps from delivering an item twice:
 * - a lease (`<prefix>:sweep:lease`) lets one process sweep per period: held while the sweep
 *   runs (at most `maxRunMs`, for a process that dies mid-sweep), then for what is left of
 *   `everyMs`. A lease of `everyMs` alone ran out under a slow sweep, and a second process
 *   swept the same items before the first had marked them (twice each, in CI at load);
 * - each re-enqueued item is marked (`<prefix>:swept:<id>`, SET PX `holdMs`), and an
 *   item already marked is left to the job that carries it, even when that job still
 *   waits behind a long queue at the next sweep.
 * The marks live in the same Redis as the jobs, so a Redis that loses the jobs loses
 * the marks with them, and the next sweep re-enqueues those items. Scoring is idempotent:
 * an overlap with a live job costs a little work and changes nothing.
 *
 * Before: 2,000 items per 30 s, every process sweeping; with two classifier processes
 * 10,000 orphaned items took 123 s and each was delivered twice (issue 14).
 */
export async function sweepPending(deps: SweepDeps, opts: SweepOptions): Promise<number> {
  const key = `${deps.prefix}:sweep:lease`;
  const token = `${process.pid}:${randomUUID()}`;
  const started = Date.now();
  const held = Math.max(opts.everyMs, opts.maxRunMs ?? 60_000);
  if ((await deps.redis.set(key, token, "PX", held, "NX")) !== "OK") return 0;
  try {
    return await sweepHeld(deps, opts);
  } finally {
    await deps.redis.eval(SHORTEN_LEASE, 1, key, token, String(opts.everyMs - (Date.now() - started)));
  }
}

/** The lease, if still this sweep's, kept for what is left of the period (or dropped when none is). */
const SHORTEN_LEASE = `
if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
local left = tonumber(ARGV[2])
if left > 0 then return redis.call("PEXPIRE", KEYS[1], left) end
return redis.call("DEL", KEYS[1])`;

async function sweepHeld(deps: SweepDeps, opts: SweepOptions): Promise<number> {
  const stale = await findStalePending(deps.db, opts.olderThanMs, opts.limit ?? 20_000);
  if (stale.length === 0) return 0;
  // Marked after the enqueue, not before: a process killed between the two left marks
  // without a job, and those items waited out `holdMs` (the fault run caught it). Killed
  // the other way round, the next sweep enqueues them again: one extra, harmless delivery.
  const seen = deps.redis.pipeline();
  for (const s of stale) seen.exists(`${deps.prefix}:swept:${s.id}`);
  const marked = (await seen.exec()) ?? [];
  const byTenant = new Map<string, string[]>();
  const chosen: string[] = [];
  stale.forEach((s, i) => {
    if (marked[i]?.[1] !== 0) return;
    chosen.push(s.id);
    const ids = byTenant.get(s.tenant_id);
    if (ids) ids.push(s.id);
    else byTenant.set(s.tenant_id, [s.id]);
  });
  const count = chosen.length;
  for (const [tenantId, ids] of byTenant) await enqueueClassify(deps.queues, tenantId, ids);
  const marks = deps.redis.pipeline();
  for (const id of chosen) marks.set(`${deps.prefix}:swept:${id}`, "1", "PX", opts.holdMs ?? 600_000);
  await marks.exec();
  if (count > 0) deps.logger.info({ count, stale: stale.length }, "re-enqueued pending items");
  return count;
}

/**
 * A classify job failed for good (attempts spent, or stalled once too often): its items
 * are still pending, and the marks a sweep set on them would keep the next sweeps off them
 * for `holdMs`. Dropped, so the next sweep re-enqueues them at once.
 */
export async function releaseSwept(redis: Redis, prefix: string, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length > 0) await redis.del(...itemIds.map((id) => `${prefix}:swept:${id}`));
}
