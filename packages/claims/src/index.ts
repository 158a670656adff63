export { claimSignature, claimText, decodeSignature, encodeSignature } from "./claim-text.ts";
export { type ClarificationMatch, ClarificationMatcher } from "./clarification-matcher.ts";
export { KeyedMutex } from "./mutex.ts";
export { TenantClusterer, type TenantScope } from "./tenant-clusterer.ts";
