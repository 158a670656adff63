export {
  type Adaptation,
  type AdaptOptions,
  adaptModel,
  DEFAULT_ADAPT_C,
  DEFAULT_ADAPT_NB,
  DEFAULT_ADAPT_NB_SHRINK,
} from "./adapt.ts";
export { fitBlend, fitPlatt, sigmoid } from "./calibrate.ts";
export {
  CLINIC_MODEL_FORMAT,
  type ClinicLayer,
  clinicModelBase,
  decodeClinicModel,
  encodeClinicModel,
  readClinicModel,
} from "./clinic-model.ts";
export { ClinicScorers } from "./clinic-scorers.ts";
export {
  type ClinicTraining,
  type ClinicTrainingOptions,
  type HeldOutMetrics,
  heldOutCount,
  measureOn,
  trainClinicModel,
} from "./clinic-training.ts";
export { applyPriors, PRIOR_FLOOR, SIGNAL_PRIORS } from "./cue-priors.ts";
export { DEFAULT_FEATURE_CONFIG, type FeatureConfig, featureDims, type SparseVector } from "./feature-config.ts";
export { extractFeatures, type RawFeatures } from "./feature-extraction.ts";
export { inverseDocFreq, weighFeatures } from "./feature-weighting.ts";
export { type Featurized, featurize } from "./featurize.ts";
export { DEFAULT_MODEL_PATH, loadModel, saveModel } from "./io.ts";
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
export { nbMargin, nbRatios } from "./naive-bayes.ts";
export { createNaturalBayes, indonesianStopwords, type NaturalBayesClassifier } from "./natural.ts";
export { cutAt, MAX_RAW_CHARS, MAX_TEXT_CHARS, normalizeText, prepareText, stripHtml } from "./normalize.ts";
export { rng } from "./random.ts";
export { createRawPredictor } from "./raw-predictor.ts";
export { pickReasons, reasonLabel } from "./reasons.ts";
export { createClinicScorer, createScorer, loadScorer, type ScoreOptions } from "./scorer.ts";
export { extractSignals, isLookalikeDomain, SIGNAL_NAMES, SIGNALS, type SignalName } from "./signals.ts";
export { fitLinear, type LinearFit, type Loss, type SolverOptions } from "./solver.ts";
export { stemWord } from "./stem.ts";
export { scanTokens, type Token, type TokenKind, TokenSpans, tokenize } from "./tokenize.ts";
export {
  DEFAULT_TRAIN_OPTIONS,
  stratifiedFolds,
  type TrainingDoc,
  type TrainOptions,
  trainModel,
  trainOnFeatures,
} from "./trainer.ts";
export { urlHost } from "./url-scanner.ts";
export { trainingDocsFromVerdicts, type VerdictRow } from "./verdicts.ts";
