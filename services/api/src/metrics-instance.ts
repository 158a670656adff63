import { listClinics } from "@klinik/db";
import { type ProcessState, readOpsCounters } from "@klinik/queue";
import type { Queue } from "bullmq";
import type { AppDeps } from "./services/deps.ts";

export interface QueueFigures {
  queue: string;
  counts: Record<string, number>;
  oldestWaitingSec: number;
}

export interface InstanceSnapshot {
  queues: QueueFigures[];
  ingested: Record<string, number>;
  scored: Record<string, number>;
  feedFailures: Record<string, number>;
  processes: ProcessState[];
}

/** States a scrape reports; `completed` is left out (it only grows until retention trims it). */
const STATES = ["waiting", "active", "delayed", "prioritized", "failed", "waiting-children"] as const;

/** Clinic ids become slugs; the list (552 rows at national size) is read at most once a minute. */
const SLUGS_TTL_MS = 60_000;

async function queueFigures(queue: Queue): Promise<QueueFigures> {
  const [counts, oldest] = await Promise.all([
    queue.getJobCounts(...STATES),
    // The wait list's far end: the job that has waited longest.
    queue.getJobs(["wait"], 0, 0, true),
  ]);
  const ts = oldest[0]?.timestamp;
  return { queue: queue.name, counts, oldestWaitingSec: ts ? Math.max(0, (Date.now() - ts) / 1000) : 0 };
}

async function slugsOf(
  deps: Pick<AppDeps, "db">,
  cache: { slugs: Map<string, string>; slugsAt: number },
  ids: string[],
): Promise<Map<string, string>> {
  const stale = Date.now() - cache.slugsAt > SLUGS_TTL_MS;
  // A new clinic shows up at once; an id that stays unknown (a removed clinic) re-reads at most every 5 s.
  const unknown = Date.now() - cache.slugsAt > 5_000 && ids.some((id) => !cache.slugs.has(id));
  if (stale || unknown) {
    cache.slugs = new Map((await listClinics(deps.db)).map((t) => [t.id, t.slug]));
    cache.slugsAt = Date.now();
  }
  return cache.slugs;
}

/** Everything /metrics reports about the instance: a few Redis round trips and, at most once a minute, one query. */
export async function readInstance(
  deps: Pick<AppDeps, "db" | "redis" | "queues" | "config">,
  cache: { slugs: Map<string, string>; slugsAt: number },
): Promise<InstanceSnapshot> {
  const [queues, ops] = await Promise.all([
    Promise.all(Object.values(deps.queues).map((q) => queueFigures(q as Queue))),
    readOpsCounters(deps.redis, deps.config.QUEUE_PREFIX),
  ]);
  const slugs = await slugsOf(deps, cache, [...Object.keys(ops.ingested), ...Object.keys(ops.scored)]);
  const bySlug = (values: Record<string, number>) => {
    const out: Record<string, number> = {};
    // A clinic removed since keeps its id as the label.
    for (const [id, n] of Object.entries(values)) out[slugs.get(id) ?? id] = (out[slugs.get(id) ?? id] ?? 0) + n;
    return out;
  };
  return {
    queues,
    ingested: bySlug(ops.ingested),
    scored: bySlug(ops.scored),
    feedFailures: ops.feedFailures,
    processes: ops.processes,
  };
}
