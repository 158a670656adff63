export { createClassifyProcessor } from "./classify.processor.ts";
export { inlineRunner, type ScoreRunner, startScorePool } from "./score-pool.ts";
export { sweepPending } from "./sweeper.ts";
export { startClassifier } from "./worker.ts";
