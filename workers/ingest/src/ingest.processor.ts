import type { Logger } from "@klinik/config";
import { type Db, forClinic } from "@klinik/db";
import {
  backoffSeconds,
  type ConditionalState,
  type FetchOptions,
  type FetchResult,
  type SourceRef,
  storedError,
} from "@klinik/feeds";
import { enqueueClassify, type JobPayload, type OpsCounters, type Queues } from "@klinik/queue";
import { entryToItem } from "./entries.ts";

/** A source failing this many times in a row is paused until an admin resumes it. */
export const PAUSE_AFTER_FAILURES = 10;

export type IngestOutcome =
  | { kind: "skipped"; reason: "missing" | "disabled" | "not_due" | "push_only" }
  | { kind: "fetched"; status: number; added: number; enqueued: number }
  | { kind: "not_modified" }
  | { kind: "failed"; error: string; paused: boolean };

export interface IngestDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  fetch: (source: SourceRef, state: ConditionalState, opts: FetchOptions) => Promise<FetchResult>;
  fetchOptions: FetchOptions;
  now?: () => Date;
  /** Items stored per clinic and failures per reason, for /metrics. */
  counters?: OpsCounters;
}

/** A scheduled fetch this much before its source's next_fetch_at still runs (at most a tenth of the schedule). */
export const DUE_SLACK_MS = 15_000;

const inSeconds = (now: Date, sec: number) => new Date(now.getTime() + sec * 1000).toISOString();

/**
 * The next fetch, one interval after the one that was due (not after the job ran):
 * the tick starts a job up to a few seconds after its source is due, and counting
 * from then would make every fetch drift later. A source far behind (stopped
 * workers, a long backoff) starts over from now instead of catching up.
 */
function nextDue(now: Date, due: string | null, intervalSec: number): string {
  const dueMs = due ? Date.parse(due) : Number.NaN;
  const fromDue = dueMs + intervalSec * 1000;
  if (Number.isFinite(fromDue) && fromDue > now.getTime() && dueMs <= now.getTime() + DUE_SLACK_MS)
    return new Date(fromDue).toISOString();
  return inSeconds(now, intervalSec);
}

/**
 * Fetches one source and turns its entries into items. A broken feed is an
 * expected outcome: it is written on the source and never thrown, so it cannot
 * stop the worker or other sources. Idempotent: entries are deduplicated and
 * items still pending are (re-)enqueued by id.
 */
export function createIngestProcessor(deps: IngestDeps) {
  return async ({ tenantId, sourceId }: JobPayload<"ingest">): Promise<IngestOutcome> => {
    const now = deps.now?.() ?? new Date();
    const clinic = forClinic(deps.db, tenantId);
    const source = await clinic.getSource(sourceId);
    if (!source) return { kind: "skipped", reason: "missing" };
    if (source.enabled !== 1) return { kind: "skipped", reason: "disabled" };
    if (source.kind === "webhook") return { kind: "skipped", reason: "push_only" };
    // Backoff, Retry-After and the feed's own ttl are all written as next_fetch_at. A job can
    // arrive a little before it (a duplicate, or a job enqueued by an older per-source
    // scheduler); within the slack it still fetches. Without it every other firing of a 60 s
    // source was "not due": it was fetched at 0, 82, 209 s.
    const slackMs = Math.min(DUE_SLACK_MS, (source.schedule_sec * 1000) / 10);
    const dueBy = new Date(now.getTime() + slackMs).toISOString();
    if (source.next_fetch_at && source.next_fetch_at > dueBy) return { kind: "skipped", reason: "not_due" };

    const result = await deps.fetch(
      { kind: source.kind, url: source.url },
      { etag: source.etag, lastModified: source.last_modified },
      deps.fetchOptions,
    );
    if (result.kind === "error") {
      const failures = source.consecutive_failures + 1;
      const wait = Math.max(result.retryAfterSec ?? 0, backoffSeconds(failures));
      const r = await clinic.recordFetchFailure(sourceId, {
        status: result.status,
        error: storedError(result),
        nextFetchAt: inSeconds(now, wait),
        pauseAfter: PAUSE_AFTER_FAILURES,
      });
      deps.logger.warn({ sourceId, code: result.code, failures: r.failures, paused: r.paused }, result.message);
      deps.counters?.add("feed_failures", result.code);
      return { kind: "failed", error: result.message, paused: r.paused };
    }
    const interval = Math.max(source.schedule_sec, result.minIntervalSec ?? 0);
    const nextFetchAt = nextDue(now, source.next_fetch_at, interval);
    if (result.kind === "not_modified") {
      await clinic.recordFetchSuccess(sourceId, {
        status: 304,
        etag: result.etag ?? source.etag,
        lastModified: result.lastModified ?? source.last_modified,
        added: 0,
        nextFetchAt,
      });
      return { kind: "not_modified" };
    }
    const items = result.entries.flatMap((e) => entryToItem(sourceId, e) ?? []);
    // Nothing is dropped silently: what the feed cut, what could not be read and what had
    // nothing in it are counted on the source with their reason.
    const dropped = { ...result.dropped, empty: result.entries.length - items.length };
    const { inserted, pendingIds } = await clinic.insertItems(items);
    await enqueueClassify(deps.queues, tenantId, pendingIds);
    deps.counters?.add("ingested", tenantId, inserted);
    await clinic.recordFetchSuccess(sourceId, {
      status: result.status,
      etag: result.etag,
      lastModified: result.lastModified,
      added: inserted,
      nextFetchAt,
      dropped,
    });
    const lost = Object.values(dropped).reduce((a, b) => a + b, 0);
    if (lost) deps.logger.info({ sourceId, dropped }, "entries not stored");
    return { kind: "fetched", status: result.status, added: inserted, enqueued: pendingIds.length };
  };
}
