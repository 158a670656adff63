/**
 * Scoring thread of the classifier: the CPU-only part of a batch (scorer and
 * MinHash signature) runs here while the main thread talks to the database
 * and Redis. Holds the base model and the clinic models routed to it (least
 * recently used evicted). Loaded with tsx by ScorePool.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ClinicScorers, loadModel } from "@klinik/scorer";
import { pickScorer, type ScoreRequest, type ScoreResponse, scoreOne } from "./score-pool.ts";

const port = parentPort;
if (!port) throw new Error("score.worker.ts must run as a worker thread");
try {
  const data = workerData as { modelPath?: string; cacheSize?: number };
  const scorers = new ClinicScorers(loadModel(data.modelPath), data.cacheSize ?? 64);
  port.postMessage({ type: "ready", version: scorers.base.version });
  port.on("message", (req: ScoreRequest) => {
    try {
      if (req.version !== undefined && req.artefact === undefined && !scorers.get(req.version)) {
        port.postMessage({ type: "missing", seq: req.seq } satisfies ScoreResponse);
        return;
      }
      const scorer = pickScorer(scorers, req.version, req.artefact);
      const out = req.items.map((it) => scoreOne(scorer, it));
      port.postMessage({ type: "scored", seq: req.seq, version: scorer.version, out } satisfies ScoreResponse);
    } catch (err) {
      port.postMessage({ type: "failed", seq: req.seq, message: (err as Error).message } satisfies ScoreResponse);
    }
  });
} catch (err) {
  port.postMessage({ type: "error", message: (err as Error).message });
}
