export { createClassifyProcessor } from "./classify.processor.ts";
export { sweepPending } from "./sweeper.ts";
export { startClassifier } from "./worker.ts";
