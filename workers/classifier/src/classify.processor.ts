import {
  answeringClarifications,
  assignBatch,
  type ClarificationMatcher,
  type TenantClusterer,
  type TenantScope,
} from "@klinik/claims";
import type { ClusterIndex } from "@klinik/cluster";
import { type Db, forClinic, newId, type ScoredAssignment } from "@klinik/db";
import type { JobPayload, OpsCounters } from "@klinik/queue";
import type { ActiveModels } from "./active-models.ts";
import type { Scored, ScoreRunner } from "./score-pool.ts";

export interface ClassifyOutcome {
  /** Items this job scored and stored. */
  scored: number;
  /** Items already scored (a retry or a duplicate job) or gone. */
  skipped: number;
}

export interface ClassifyDeps {
  db: Db;
  /** Runs the scorer and the MinHash signature, here or on scoring threads. */
  runner: ScoreRunner;
  /** Version of the base model (what scores a clinic without a model of its own). */
  modelVersion: string;
  /** Each clinic's active model (the hot switch); without it every clinic gets the base. */
  models?: ActiveModels;
  clusterer: TenantClusterer;
  clarifications: ClarificationMatcher;
  /** Items scored per clinic, for /metrics. */
  counters?: OpsCounters;
  /** Told of the claims a batch started, once they are stored (notifications). */
  onNewClaims?: (tenantId: string, claims: NewClaim[]) => Promise<void>;
}

export interface NewClaim {
  clusterId: string;
  score: number;
  title: string | null;
  text: string;
}

/** Times one job decides again after its clinic's index went stale before it gives up (and BullMQ retries it). */
const MAX_STALE_RETRIES = 5;

type Answers = ReturnType<typeof answeringClarifications>;

/**
 * Scores a batch of items, folds each into its claim cluster and marks the
 * published clarifications (of any clinic) it matches, all stored in one
 * transaction. Idempotent: BullMQ is at-least-once, and only items still
 * pending are stored, so a job retried after a crash never scores twice.
 * Which claim an item joins is decided in `@klinik/claims` (`assignBatch`).
 */
export function createClassifyProcessor(deps: ClassifyDeps) {
  return async ({ tenantId, itemIds }: JobPayload<"classify">): Promise<ClassifyOutcome> => {
    const clinic = forClinic(deps.db, tenantId);
    const items = await clinic.getPendingItems(itemIds);
    if (items.length === 0) return { scored: 0, skipped: itemIds.length };
    const model = deps.models ? await deps.models.refFor(tenantId) : undefined;
    const [{ version, out: scored }] = await Promise.all([
      deps.runner.scoreWith(items, model),
      deps.clarifications.refresh(),
    ]);
    const createdAt = new Map(items.map((it) => [it.id, it.created_at]));
    // Outside the clinic's lock: the clarification index is shared by every clinic.
    const answers = scored.map((s) => answeringClarifications(deps.clarifications.matchLoaded(s.sig, 5)));
    const started: NewClaim[] = [];
    const job = {
      clinic,
      scored,
      answers,
      createdAt,
      version: model ? version : deps.modelVersion,
      items: new Map(items.map((it) => [it.id, it])),
      started,
    };
    let stored: number | undefined;
    // Stale: another process stored signatures of this clinic after this one caught up
    // (its claim lock was lost, e.g. Redis restarted): catch up and decide again.
    for (let attempt = 0; stored === undefined; attempt++) {
      if (attempt === MAX_STALE_RETRIES) throw new Error(`claim index of clinic ${tenantId} kept going stale`);
      stored = await deps.clusterer.withTenant(tenantId, (index, scope) => assignAndStore(index, scope, job));
    }
    deps.counters?.add("scored", tenantId, stored);
    if (started.length > 0) await deps.onNewClaims?.(tenantId, started);
    return { scored: stored, skipped: itemIds.length - stored };
  };

  /** Decides each item's claim on the caught-up index and stores it; undefined when the index went stale. */
  async function assignAndStore(
    index: ClusterIndex,
    scope: TenantScope,
    job: {
      clinic: ReturnType<typeof forClinic>;
      scored: readonly Scored[];
      answers: readonly Answers[];
      createdAt: Map<string, string>;
      /** Version of the model that scored them. */
      version: string;
      items: Map<string, { title: string | null; text: string }>;
      /** Claims the store started, for `onNewClaims`. */
      started: NewClaim[];
    },
  ): Promise<number | undefined> {
    // An item the index already holds was stored meanwhile (a duplicate job, or another
    // process whose row the catch-up just read): it is not ours to assign, nor to remove.
    const fresh = job.scored.flatMap((s, i) =>
      index.clusterOf(s.id) === undefined ? [{ s, answer: job.answers[i] }] : [],
    );
    const decided = assignBatch(
      index,
      fresh.map((f) => f.s),
      newId,
    );
    const batch: ScoredAssignment[] = decided.map((a, i) => {
      const f = fresh[i] as (typeof fresh)[number];
      return {
        itemId: a.itemId,
        result: f.s.result,
        clusterId: a.clusterId,
        signature: f.s.signature,
        createdAt: job.createdAt.get(a.itemId),
        matches: f.answer ?? [],
        suggestions: a.suggestions,
      };
    });
    let done = new Set<string>();
    try {
      const result = await job.clinic.storeScoredBatch(job.version, batch, { seenThrough: scope.seenThrough });
      if (result.stale) return undefined;
      done = result.ids;
      scope.committed(result.signatureSeqs, true);
      for (const c of result.created) {
        const item = job.items.get(c.representativeItemId);
        job.started.push({ clusterId: c.id, score: c.maxScore, title: item?.title ?? null, text: item?.text ?? "" });
      }
    } finally {
      // What was not stored here (a stale index, a failed transaction, or scored meanwhile
      // by another process) leaves the index; catching up from the database restores the truth.
      for (const a of batch) if (!done.has(a.itemId)) index.remove(a.itemId);
    }
    return done.size;
  }
}
