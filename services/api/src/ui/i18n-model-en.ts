import type { modelId } from "./i18n-model-id.ts";

/** Messages of the model page, in English (merged into i18n-en.ts). */
export const modelEn: { [K in keyof typeof modelId]: string } = {
  navModel: "Model",
  modelTitle: "The clinic's scoring model",
  modelIntro:
    "Every verdict trains this clinic's model in the background. A new model becomes active only if it does no worse than the active one on the most recent verdicts held out; the open queue is then re-scored.",
  modelActive: "Active model",
  modelBase: "The shipped base model (no clinic model active yet)",
  modelTraining: "A training run is queued or running.",
  modelRetrain: "Retrain now",
  modelRetrainQueued: "Retraining queued.",
  modelHistory: "Training history",
  modelNoRuns: "No training yet.",
  modelVersion: "Version",
  modelCreated: "Trained",
  modelOutcome: "Outcome",
  modelPromoted: "promoted",
  modelRefused: "refused",
  modelVerdicts: "Verdicts (positive / held out)",
  modelHeldOut: "AUC on held-out verdicts (candidate / active then)",
  modelTrigger: "Trigger",
  modelTriggerThreshold: "enough new verdicts",
  modelTriggerSchedule: "schedule",
  modelTriggerRequest: "an admin asked",
  modelActivate: "Make active again",
  modelActivated: "Model made active again; the open queue is re-scored with it.",
  modelIsActive: "active",
};
