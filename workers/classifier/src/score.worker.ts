/**
 * Scoring thread of the classifier: the CPU-only part of a batch (scorer and
 * MinHash signature) runs here while the main thread talks to the database
 * and Redis. Loaded with tsx by ScorePool.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadScorer } from "@klinik/scorer";
import { type ScoreRequest, type ScoreResponse, scoreOne } from "./score-pool.ts";

const port = parentPort;
if (!port) throw new Error("score.worker.ts must run as a worker thread");
try {
  const scorer = loadScorer((workerData as { modelPath?: string }).modelPath);
  port.postMessage({ type: "ready", version: scorer.version });
  port.on("message", (req: ScoreRequest) => {
    try {
      const out = req.items.map((it) => scoreOne(scorer, it));
      port.postMessage({ type: "scored", seq: req.seq, out } satisfies ScoreResponse);
    } catch (err) {
      port.postMessage({ type: "failed", seq: req.seq, message: (err as Error).message } satisfies ScoreResponse);
    }
  });
} catch (err) {
  port.postMessage({ type: "error", message: (err as Error).message });
}
