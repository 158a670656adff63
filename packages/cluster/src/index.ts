export { ClusterIndex, BANDS, ROWS } from "./cluster-index.ts";
export type { ClusterIndexOptions, ClusterItem, ClusterMatch } from "./cluster-index.ts";
export { normalizeTokens } from "./normalize.ts";
export {
  NUM_HASHES,
  deserializeSignature,
  estimateSimilarity,
  serializeSignature,
  signature,
  signatureOfTokens,
} from "./signature.ts";
export type { Signature } from "./signature.ts";
export type { ShingleOptions } from "./shingle.ts";
