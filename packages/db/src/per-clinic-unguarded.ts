/**
 * DEPRECATED: the clinic-scoped repository functions with explicit
 * `(db, tenantId, …)` and no clinic guard. Exported only while services/api and
 * the classify/match-clarification processors move to `forClinic(db, tenantId)`;
 * deleting the one `export * from "./per-clinic-unguarded.ts"` line in index.ts
 * removes them from the package (the compiler then lists any caller left).
 */
export { applyBulk, claimCluster, releaseClaim, releaseExpiredClaims } from "./repositories/claims.repository.ts";
export {
  createClarification,
  getClarification,
  listClarifications,
  listPublishedClarifications,
  publishClarification,
} from "./repositories/clarifications.repository.ts";
export {
  addClusterNote,
  listClusterNotes,
  listClusterVerdictHistory,
} from "./repositories/cluster-notes.repository.ts";
export {
  clusterSources,
  getCluster,
  listClusterMembers,
  listClusterSignatures,
  listItemMatches,
  listSuggestedClusters,
  markClustersWithClarification,
  recordClusterVerdict,
  signaturesAfter,
} from "./repositories/clusters.repository.ts";
export {
  countItems,
  existingDedupKeys,
  getItem,
  getPendingItems,
  insertItems,
  listQueue,
} from "./repositories/items.repository.ts";
export { createReport } from "./repositories/reports.repository.ts";
export { countNewClusters, listReviewQueue, nextOpenCluster } from "./repositories/review-queue.repository.ts";
export { storeScoredBatch, storeScoredItems } from "./repositories/score-store.repository.ts";
export {
  createSource,
  findSourceByUrl,
  getSource,
  listSources,
  recordFetchFailure,
  recordFetchSuccess,
  recordWebhookDelivery,
  setSourceEnabled,
} from "./repositories/sources.repository.ts";
export { listTenantUsers } from "./repositories/users.repository.ts";
export { listVerdicts, recordVerdict } from "./repositories/verdicts.repository.ts";
