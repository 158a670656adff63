import { sigmoid } from "./calibrate.ts";
import type { RawFeatures } from "./feature-extraction.ts";
import { weighFeatures } from "./feature-weighting.ts";
import { createNeighbourSearch } from "./knn.ts";
import { denseWeights, type LinearModel } from "./model.ts";

/**
 * Calibrated probability of already counted features (no reasons): what
 * {@link createScorer} computes, for evaluations that featurise once.
 */
export function createRawPredictor(model: LinearModel): (raw: RawFeatures) => number {
  const w = denseWeights(model);
  const size = 2 ** model.features.hashBits;
  const { a, b } = model.calibration;
  const knnWeight = model.calibration.knn ?? 0;
  const neighbours = model.neighbours && knnWeight !== 0 ? createNeighbourSearch(model.neighbours, size) : null;
  return (raw) => {
    const x = weighFeatures(raw, model.features, model.idf);
    let z = model.bias;
    for (let k = 0; k < x.indices.length; k++) z += (w[x.indices[k] as number] as number) * (x.values[k] as number);
    return sigmoid(a * z + b + (neighbours ? knnWeight * neighbours(x).vote : 0));
  };
}
