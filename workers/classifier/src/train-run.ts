import {
  createScorer,
  decodeClinicModel,
  encodeClinicModel,
  loadModel,
  trainClinicModel,
  trainingDocsFromVerdicts,
} from "@klinik/scorer";
import type { TrainInput, TrainOutput } from "./train-thread.ts";

/** One clinic training run (what the training thread does; tests and benches may call it directly). */
export function trainRun(input: TrainInput): TrainOutput {
  const t = performance.now();
  const base = loadModel(input.modelPath);
  let active = createScorer(base);
  if (input.active) {
    try {
      active = createScorer(decodeClinicModel(base, input.active));
    } catch {
      // An unreadable active model is judged as the base it falls back to when scoring.
    }
  }
  const docs = trainingDocsFromVerdicts(input.verdicts);
  const r = trainClinicModel(base, active, docs);
  return {
    baseVersion: base.version,
    version: r.model?.version ?? r.candidateVersion,
    promote: r.promote,
    refusal: r.refusal,
    candidate: r.candidate,
    active: r.active,
    verdicts: docs.length,
    positives: docs.filter((d) => d.label === 1).length,
    heldOut: r.candidate.n,
    artefact: r.model ? new Uint8Array(encodeClinicModel(base, r.model)) : null,
    ms: Math.round(performance.now() - t),
  };
}
