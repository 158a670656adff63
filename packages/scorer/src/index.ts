export { fitBlend, fitPlatt, sigmoid } from "./calibrate.ts";
export {
  DEFAULT_FEATURE_CONFIG,
  extractFeatures,
  type FeatureConfig,
  type Featurized,
  featureDims,
  featurize,
  inverseDocFreq,
  type RawFeatures,
  type SparseVector,
  weighFeatures,
} from "./features.ts";
export { saveModel } from "./io.ts";
export {
  buildNeighbourSet,
  createNeighbourSearch,
  type NeighbourSet,
  type NeighbourVote,
} from "./knn.ts";
export { accuracy, ece, macroF1, precisionAtTop, rocAuc } from "./metrics.ts";
export {
  type Calibration,
  denseWeights,
  fromModelFile,
  type LinearModel,
  MODEL_FORMAT,
  type ModelFile,
  modelVersion,
  type TrainingSummary,
  toModelFile,
} from "./model.ts";
export { createNaturalBayes, indonesianStopwords, type NaturalBayesClassifier } from "./natural.ts";
export { cutAt, MAX_RAW_CHARS, MAX_TEXT_CHARS, normalizeText, prepareText, stripHtml } from "./normalize.ts";
export { pickReasons, reasonLabel } from "./reasons.ts";
export {
  createRawPredictor,
  createScorer,
  DEFAULT_MODEL_PATH,
  loadModel,
  loadScorer,
  type ScoreOptions,
} from "./scorer.ts";
export { extractSignals, isLookalikeDomain, SIGNAL_NAMES, SIGNALS, type SignalName } from "./signals.ts";
export { fitLinear, type LinearFit, type Loss, type SolverOptions } from "./solver.ts";
export { stemWord } from "./stem.ts";
export { type Token, type TokenKind, tokenize, urlHost } from "./tokenize.ts";
export {
  DEFAULT_TRAIN_OPTIONS,
  rng,
  stratifiedFolds,
  type TrainingDoc,
  type TrainOptions,
  trainModel,
  trainOnFeatures,
} from "./trainer.ts";
export { trainingDocsFromVerdicts, type VerdictRow } from "./verdicts.ts";
