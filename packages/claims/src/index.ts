export {
  answeringClarifications,
  assignBatch,
  type ClaimAssignment,
  type ClarificationTexts,
  type ClusterSuggestion,
  clarificationSignatures,
  clustersMarkedBy,
  MAX_SUGGESTIONS,
  type SignedItem,
} from "./claim-assignment.ts";
export { claimSignature, claimText, decodeSignature, encodeSignature } from "./claim-text.ts";
export { type ClarificationMatch, ClarificationMatcher } from "./clarification-matcher.ts";
export { KeyedMutex } from "./mutex.ts";
export { TenantClusterer, type TenantClustererOptions, type TenantScope } from "./tenant-clusterer.ts";
