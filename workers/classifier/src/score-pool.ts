import { Worker } from "node:worker_threads";
import { claimSignature, encodeSignature } from "@klinik/claims";
import type { Signature } from "@klinik/cluster";
import type { ScoreResult, Scorer } from "@klinik/core";
import { ClinicScorers } from "@klinik/scorer";
import type { ModelRef } from "./active-models.ts";

export interface ScoreItem {
  id: string;
  title: string | null;
  text: string;
  url: string | null;
}

export interface Scored {
  id: string;
  result: ScoreResult;
  /** MinHash signature of the claim text, as the clustering index takes it. */
  sig: Signature;
  /** The same signature in base64, as it is stored. */
  signature: string;
}

/** Scores one item and signs its claim text: the CPU-only part of a classify job. */
export function scoreOne(scorer: Scorer, it: ScoreItem): Scored {
  const sig = claimSignature(it.title, it.text);
  return {
    id: it.id,
    result: scorer.score({ text: it.text, title: it.title, url: it.url }),
    sig,
    signature: encodeSignature(sig),
  };
}

export interface ScoreRequest {
  seq: number;
  items: ScoreItem[];
  /** The clinic model to score with (absent: the base). */
  version?: string;
  /** Its artefact, sent after the thread answered `missing`; null: there is none, score with the base. */
  artefact?: Uint8Array | null;
}

export type ScoreResponse =
  | { type: "scored"; seq: number; version: string; out: Scored[] }
  | { type: "missing"; seq: number }
  | { type: "failed"; seq: number; message: string };

/** A batch's scores and the version of the model that made them. */
export interface ScoredBatch {
  version: string;
  out: Scored[];
}

/** Scores batches: on the calling thread, or on worker threads so the CPU work gets its own core. */
export interface ScoreRunner {
  /** With the base model. */
  score(items: ScoreItem[]): Promise<Scored[]>;
  /** With a clinic's model (loaded on first use, kept while recently used); the base when it cannot be loaded. */
  scoreWith(items: ScoreItem[], model: ModelRef | undefined): Promise<ScoredBatch>;
  close(): Promise<void>;
}

/**
 * The scorer of `version` among `scorers`: loaded already, or built from
 * `artefact`; the base when there is none or it does not load (a corrupt row,
 * or a model fitted on another base), so scoring never stops on a bad model.
 */
export function pickScorer(scorers: ClinicScorers, version: string | undefined, artefact?: Uint8Array | null): Scorer {
  if (version === undefined) return scorers.base;
  const have = scorers.get(version);
  if (have) return have;
  if (!artefact) return scorers.base;
  try {
    return scorers.load(artefact);
  } catch {
    return scorers.base;
  }
}

/** Scores on the calling thread (tests, or `CLASSIFY_THREADS=0`); with clinic models when given `ClinicScorers`. */
export function inlineRunner(scorer: Scorer | ClinicScorers): ScoreRunner {
  const scorers = scorer instanceof ClinicScorers ? scorer : null;
  const base = scorers ? scorers.base : (scorer as Scorer);
  return {
    score: async (items) => items.map((it) => scoreOne(base, it)),
    async scoreWith(items, model) {
      let s = base;
      if (scorers && model && model.version !== base.version) {
        s = scorers.get(model.version) ?? pickScorer(scorers, model.version, await model.artefact());
      }
      return { version: s.version, out: items.map((it) => scoreOne(s, it)) };
    },
    close: async () => {},
  };
}

/**
 * A pool of scoring threads, each with its own copy of the base model, fed
 * round robin; a clinic model always goes to the same thread (by its version),
 * so each is loaded once in the process, and a thread that lacks it asks for
 * its artefact. Starts only when every thread has loaded the base model (a bad
 * model fails here, at start).
 */
export async function startScorePool(
  threads: number,
  modelPath: string | undefined,
  cacheSize = 64,
): Promise<ScoreRunner> {
  const workers: Worker[] = [];
  type Waiting = {
    resolve: (v: ScoredBatch) => void;
    reject: (e: Error) => void;
    req: ScoreRequest;
    model: ModelRef | undefined;
    w: Worker;
  };
  const waiting = new Map<number, Waiting>();
  let seq = 0;
  let next = 0;
  const url = new URL("./score.worker.mjs", import.meta.url);
  // Each thread holds about its share of the clinic models.
  const perThread = Math.max(1, Math.ceil(cacheSize / Math.max(1, threads)));
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const w = new Worker(url, { workerData: { modelPath, cacheSize: perThread } });
      workers.push(w);
      await new Promise<void>((resolve, reject) => {
        w.once("error", reject);
        w.once("message", (m: { type: string; message?: string }) =>
          m.type === "ready" ? resolve() : reject(new Error(m.message ?? "scoring thread failed to start")),
        );
      });
      w.on("message", (m: ScoreResponse | { type: string }) => {
        if (m.type !== "scored" && m.type !== "failed" && m.type !== "missing") return;
        const r = m as ScoreResponse;
        const p = waiting.get(r.seq);
        if (!p) return;
        if (r.type === "missing") {
          const ask = p.model ? p.model.artefact() : Promise.resolve(undefined);
          ask.then(
            (artefact) => p.w.postMessage({ ...p.req, artefact: artefact ?? null } satisfies ScoreRequest),
            (err: unknown) => {
              waiting.delete(r.seq);
              p.reject(err instanceof Error ? err : new Error(String(err)));
            },
          );
          return;
        }
        waiting.delete(r.seq);
        if (r.type === "scored") p.resolve({ version: r.version, out: r.out });
        else p.reject(new Error(r.message));
      });
      w.on("error", (err) => {
        for (const p of waiting.values()) p.reject(err);
        waiting.clear();
      });
    }),
  ).catch(async (err: unknown) => {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  });
  const scoreWith = (items: ScoreItem[], model: ModelRef | undefined): Promise<ScoredBatch> => {
    const id = ++seq;
    const w = workers[model ? stickyIndex(model.version, workers.length) : next++ % workers.length];
    if (!w) return Promise.reject(new Error("no scoring thread"));
    const req: ScoreRequest = { seq: id, items, ...(model ? { version: model.version } : {}) };
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject, req, model, w });
      w.postMessage(req);
    });
  };
  return {
    score: async (items) => (await scoreWith(items, undefined)).out,
    scoreWith,
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** The thread a model version lives on. */
function stickyIndex(version: string, n: number): number {
  let h = 0;
  for (let i = 0; i < version.length; i++) h = (h * 31 + version.charCodeAt(i)) >>> 0;
  return h % n;
}
