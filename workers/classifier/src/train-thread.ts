import { Worker } from "node:worker_threads";
import type { HeldOutMetrics, VerdictRow } from "@klinik/scorer";

export interface TrainInput {
  /** Base model file (the shipped one when undefined). */
  modelPath: string | undefined;
  /** The clinic's verdicts, oldest first. */
  verdicts: VerdictRow[];
  /** Artefact of the clinic's active model, if it has one over this base. */
  active: Uint8Array | null;
}

export interface TrainOutput {
  baseVersion: string;
  /** Version of the model that becomes active, or of the refused candidate. */
  version: string;
  promote: boolean;
  refusal: string | null;
  candidate: HeldOutMetrics;
  active: HeldOutMetrics;
  verdicts: number;
  positives: number;
  heldOut: number;
  /** The promoted model's artefact (`encodeClinicModel`); null when refused. */
  artefact: Uint8Array | null;
  ms: number;
}

export type Train = (input: TrainInput) => Promise<TrainOutput>;

/**
 * Trains on a thread of its own, started for the run and ended after it: the
 * fit takes seconds of CPU, and the classifier's event loop keeps renewing
 * job locks and storing scores meanwhile.
 */
export const trainOnThread: Train = (input) =>
  new Promise((resolve, reject) => {
    const w = new Worker(new URL("./train.worker.mjs", import.meta.url), { workerData: input });
    let settled = false;
    w.once("message", (m: { type: "trained"; out: TrainOutput } | { type: "error"; message: string }) => {
      settled = true;
      if (m.type === "trained") resolve(m.out);
      else reject(new Error(m.message));
      void w.terminate();
    });
    w.once("error", (err) => {
      settled = true;
      reject(err);
    });
    w.once("exit", (code) => {
      if (!settled) reject(new Error(`training thread exited with ${code}`));
    });
  });
