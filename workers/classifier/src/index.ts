export { ActiveModels, type ModelRef } from "./active-models.ts";
export { createClassifyProcessor } from "./classify.processor.ts";
export { createRescoreProcessor } from "./rescore.processor.ts";
export { inlineRunner, type ScoreRunner, startScorePool } from "./score-pool.ts";
export { sweepPending } from "./sweeper.ts";
export {
  createTrainModelProcessor,
  enqueueDueInstanceTraining,
  enqueueDueTraining,
  enqueueTraining,
  INSTANCE_VERDICTS_PER_CLINIC,
  MIN_TRAINING_VERDICTS,
} from "./train-model.processor.ts";
export { trainRun } from "./train-run.ts";
export { type Train, type TrainInput, type TrainOutput, trainOnThread } from "./train-thread.ts";
export { startClassifier } from "./worker.ts";
