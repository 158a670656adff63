import { Worker } from "node:worker_threads";
import { claimSignature, encodeSignature } from "@klinik/claims";
import type { Signature } from "@klinik/cluster";
import type { ScoreResult, Scorer } from "@klinik/core";

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
}

export type ScoreResponse =
  | { type: "scored"; seq: number; out: Scored[] }
  | { type: "failed"; seq: number; message: string };

/** Scores batches: on the calling thread, or on worker threads so the CPU work gets its own core. */
export interface ScoreRunner {
  score(items: ScoreItem[]): Promise<Scored[]>;
  close(): Promise<void>;
}

/** Scores on the calling thread (tests, or `CLASSIFY_THREADS=0`). */
export function inlineRunner(scorer: Scorer): ScoreRunner {
  return {
    score: async (items) => items.map((it) => scoreOne(scorer, it)),
    close: async () => {},
  };
}

/**
 * A pool of scoring threads, each with its own copy of the model, fed round
 * robin. Starts only when every thread has loaded the model (a bad model fails
 * here, at start).
 */
export async function startScorePool(threads: number, modelPath: string | undefined): Promise<ScoreRunner> {
  const workers: Worker[] = [];
  const waiting = new Map<number, { resolve: (v: Scored[]) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let next = 0;
  const url = new URL("./score.worker.mjs", import.meta.url);
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const w = new Worker(url, { workerData: { modelPath } });
      workers.push(w);
      await new Promise<void>((resolve, reject) => {
        w.once("error", reject);
        w.once("message", (m: { type: string; message?: string }) =>
          m.type === "ready" ? resolve() : reject(new Error(m.message ?? "scoring thread failed to start")),
        );
      });
      w.on("message", (m: ScoreResponse | { type: string }) => {
        if (m.type !== "scored" && m.type !== "failed") return;
        const r = m as ScoreResponse;
        const p = waiting.get(r.seq);
        if (!p) return;
        waiting.delete(r.seq);
        if (r.type === "scored") p.resolve(r.out);
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
  return {
    score(items) {
      const id = ++seq;
      const w = workers[next++ % workers.length];
      if (!w) return Promise.reject(new Error("no scoring thread"));
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.postMessage({ seq: id, items } satisfies ScoreRequest);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
