export type { ClusterIndexOptions, ClusterItem, ClusterMatch } from "./cluster-index.ts";
export { BANDS, ClusterIndex, ROWS } from "./cluster-index.ts";
export { normalizeTokens } from "./normalize.ts";
export type { ShingleOptions } from "./shingle.ts";
export type { Signature } from "./signature.ts";
export {
  deserializeSignature,
  estimateSimilarity,
  NUM_HASHES,
  serializeSignature,
  signature,
  signatureOfTokens,
} from "./signature.ts";
