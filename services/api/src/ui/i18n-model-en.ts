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
  modelScoredByInstance:
    "This clinic has no model of its own yet: its queue is scored by the instance model (trained on every clinic's verdicts), version",
  navInstanceModel: "Instance model",
  instanceModelTitle: "Instance scoring model",
  instanceModelIntro:
    "The instance model learns from every clinic's verdicts and scores each clinic that has no model of its own. A new model only becomes active if it is no worse than the active one on the most recent held-out verdicts of all clinics.",
  instanceModelNone:
    "No instance model yet: clinics without a model of their own are scored by the shipped base model.",
  modelConfirmTitle: "Make this model active again?",
  modelConfirmNow: "Active model now",
  modelConfirmNext: "Becomes active",
  modelConfirmClinics: "Clinics that will be re-scored with it (those without a model of their own)",
  modelConfirmItems: "Open items of this clinic that will be re-scored with it (the queue's order may change)",
  modelConfirm: "Yes, activate",
};
