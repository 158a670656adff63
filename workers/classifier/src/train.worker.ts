/** Training thread: one clinic training run, then it ends (see train-thread.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { trainRun } from "./train-run.ts";
import type { TrainInput } from "./train-thread.ts";

const port = parentPort;
if (!port) throw new Error("train.worker.ts must run as a worker thread");
try {
  port.postMessage({ type: "trained", out: trainRun(workerData as TrainInput) });
} catch (err) {
  port.postMessage({ type: "error", message: (err as Error).message });
}
