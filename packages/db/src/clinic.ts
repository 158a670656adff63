import { type Bound, bind } from "./bind-clinic.ts";
import { ClinicGuard } from "./clinic-guard.ts";
import type { Db } from "./connect.ts";
import * as tokens from "./repositories/api-tokens.repository.ts";
import * as assignment from "./repositories/assignment.repository.ts";
import * as audit from "./repositories/audit.repository.ts";
import * as claims from "./repositories/claims.repository.ts";
import * as editorial from "./repositories/clarification-edits.repository.ts";
import * as clarifications from "./repositories/clarifications.repository.ts";
import * as settings from "./repositories/clinic-settings.repository.ts";
import * as notes from "./repositories/cluster-notes.repository.ts";
import * as clusters from "./repositories/clusters.repository.ts";
import * as escalations from "./repositories/escalations.repository.ts";
import * as evidence from "./repositories/evidence.repository.ts";
import * as items from "./repositories/items.repository.ts";
import * as people from "./repositories/people.repository.ts";
import * as reports from "./repositories/reports.repository.ts";
import * as actions from "./repositories/review-actions.repository.ts";
import * as queue from "./repositories/review-queue.repository.ts";
import * as store from "./repositories/score-store.repository.ts";
import * as sources from "./repositories/sources.repository.ts";
import * as stats from "./repositories/stats.repository.ts";
import * as users from "./repositories/users.repository.ts";
import * as verdicts from "./repositories/verdicts.repository.ts";
import * as webhooks from "./repositories/webhooks.repository.ts";

type Rest<F> = F extends (db: Db, tenantId: string, ...rest: infer A) => unknown ? A : never;

/**
 * The database as one clinic sees it: every clinic-scoped repository function
 * under its own name, without the `(db, tenantId)` parameters. Queries run on
 * a Kysely instance carrying {@link ClinicGuard}, so one that could touch
 * another clinic's rows throws instead of running (transactions included).
 * Cheap to build per request or job. Reads across clinics are in
 * `cross-clinic.repository.ts`.
 */
export class ClinicDb {
  readonly #db: Db;
  /** Corrections, withdrawals, the claims a clarification answers, the feeds' version. */
  readonly editorial: Bound<typeof editorial>;
  /** Partner webhook subscriptions and their delivery log. */
  readonly webhooks: Bound<typeof webhooks>;
  /** Who a claim is assigned to and by when; letting go of a person's soft locks. */
  readonly assignment: Bound<typeof assignment>;
  /** Verdicts and dismissals as undoable actions. */
  readonly reviewActions: Bound<typeof actions>;
  /** Evidence links on claims and clarifications. */
  readonly evidence: Bound<typeof evidence>;

  constructor(
    db: Db,
    readonly tenantId: string,
  ) {
    if (!tenantId) throw new Error("forClinic needs a clinic id");
    this.#db = db.withPlugin(new ClinicGuard(tenantId));
    this.editorial = bind(editorial, this.#db, tenantId);
    this.webhooks = bind(webhooks, this.#db, tenantId);
    this.assignment = bind(assignment, this.#db, tenantId);
    this.reviewActions = bind(actions, this.#db, tenantId);
    this.evidence = bind(evidence, this.#db, tenantId);
  }

  // items
  insertItems(list: readonly items.ClinicItem[]) {
    return items.insertItems(this.#db, this.tenantId, list);
  }
  existingDedupKeys(keys: string[]) {
    return items.existingDedupKeys(this.#db, this.tenantId, keys);
  }
  getItem(id: string) {
    return items.getItem(this.#db, this.tenantId, id);
  }
  getPendingItems(ids: readonly string[]) {
    return items.getPendingItems(this.#db, this.tenantId, ids);
  }
  listQueue(f: items.QueueFilter) {
    return items.listQueue(this.#db, this.tenantId, f);
  }
  countItems(status?: Rest<typeof items.countItems>[0]) {
    return items.countItems(this.#db, this.tenantId, status);
  }
  createReport(input: Rest<typeof reports.createReport>[0]) {
    return reports.createReport(this.#db, this.tenantId, input);
  }
  reportProgress(ticket: string) {
    return reports.reportProgress(this.#db, this.tenantId, ticket);
  }
  eraseContactsReceivedBefore(cutoff: string, now: string) {
    return reports.eraseContactsReceivedBefore(this.#db, this.tenantId, cutoff, now);
  }
  reportContactsOfItems(itemIds: readonly string[]) {
    return reports.reportContactsOfItems(this.#db, this.tenantId, itemIds);
  }
  recordVerdict(input: Rest<typeof verdicts.recordVerdict>[0]) {
    return verdicts.recordVerdict(this.#db, this.tenantId, input);
  }
  listVerdicts(itemId: string) {
    return verdicts.listVerdicts(this.#db, this.tenantId, itemId);
  }

  // sources
  listSources() {
    return sources.listSources(this.#db, this.tenantId);
  }
  getSource(id: string) {
    return sources.getSource(this.#db, this.tenantId, id);
  }
  findSourceByUrl(url: string) {
    return sources.findSourceByUrl(this.#db, this.tenantId, url);
  }
  createSource(input: Rest<typeof sources.createSource>[0]) {
    return sources.createSource(this.#db, this.tenantId, input);
  }
  recordFetchSuccess(...a: Rest<typeof sources.recordFetchSuccess>) {
    return sources.recordFetchSuccess(this.#db, this.tenantId, ...a);
  }
  recordFetchFailure(...a: Rest<typeof sources.recordFetchFailure>) {
    return sources.recordFetchFailure(this.#db, this.tenantId, ...a);
  }
  setSourceEnabled(id: string, enabled: boolean, reason: string | null = null) {
    return sources.setSourceEnabled(this.#db, this.tenantId, id, enabled, reason);
  }
  recordWebhookDelivery(id: string, added: number) {
    return sources.recordWebhookDelivery(this.#db, this.tenantId, id, added);
  }

  // clarifications
  createClarification(input: Rest<typeof clarifications.createClarification>[0]) {
    return clarifications.createClarification(this.#db, this.tenantId, input);
  }
  getClarification(id: string) {
    return clarifications.getClarification(this.#db, this.tenantId, id);
  }
  publishClarification(id: string) {
    return clarifications.publishClarification(this.#db, this.tenantId, id);
  }
  moveClarification(id: string, move: Rest<typeof clarifications.moveClarification>[1]) {
    return clarifications.moveClarification(this.#db, this.tenantId, id, move);
  }
  listClarifications(opts: Rest<typeof clarifications.listClarifications>[0]) {
    return clarifications.listClarifications(this.#db, this.tenantId, opts);
  }
  clarificationAppearances(of: clarifications.AppearancesOf) {
    return clarifications.clarificationAppearances(this.#db, this.tenantId, of);
  }
  listPublishedClarifications(opts: Rest<typeof clarifications.listPublishedClarifications>[0]) {
    return clarifications.listPublishedClarifications(this.#db, this.tenantId, opts);
  }

  // scoring and clusters
  storeScoredItems(modelVersion: string, batch: store.ScoredAssignment[]) {
    return store.storeScoredItems(this.#db, this.tenantId, modelVersion, batch);
  }
  storeScoredBatch(modelVersion: string, batch: store.ScoredAssignment[], opts?: store.StoreOptions) {
    return store.storeScoredBatch(this.#db, this.tenantId, modelVersion, batch, opts);
  }
  signaturesAfter(afterSeq: number, limit: number) {
    return clusters.signaturesAfter(this.#db, this.tenantId, afterSeq, limit);
  }
  getCluster(id: string) {
    return clusters.getCluster(this.#db, this.tenantId, id);
  }
  listClusterSignatures(clusterId: string) {
    return clusters.listClusterSignatures(this.#db, this.tenantId, clusterId);
  }
  listSuggestedClusters(clusterId: string, limit?: number) {
    return clusters.listSuggestedClusters(this.#db, this.tenantId, clusterId, limit);
  }
  clusterSources(clusterIds: string[]) {
    return clusters.clusterSources(this.#db, this.tenantId, clusterIds);
  }
  listClusterMembers(clusterId: string, limit?: number) {
    return clusters.listClusterMembers(this.#db, this.tenantId, clusterId, limit);
  }
  recordClusterVerdict(input: Rest<typeof clusters.recordClusterVerdict>[0]) {
    return clusters.recordClusterVerdict(this.#db, this.tenantId, input);
  }
  listItemMatches(itemIds: string[]) {
    return clusters.listItemMatches(this.#db, this.tenantId, itemIds);
  }
  markClustersWithClarification(clarificationId: string, matched: Map<string, number>) {
    return clusters.markClustersWithClarification(this.#db, this.tenantId, clarificationId, matched);
  }

  // review
  listReviewQueue(f: queue.ReviewQueueFilter) {
    return queue.listReviewQueue(this.#db, this.tenantId, f);
  }
  nextOpenCluster(after: { score: number; id: string }, userId: string) {
    return queue.nextOpenCluster(this.#db, this.tenantId, after, userId);
  }
  countNewClusters(since: string) {
    return queue.countNewClusters(this.#db, this.tenantId, since);
  }
  releaseExpiredClaims(now?: string) {
    return claims.releaseExpiredClaims(this.#db, this.tenantId, now);
  }
  claimCluster(input: Rest<typeof claims.claimCluster>[0]) {
    return claims.claimCluster(this.#db, this.tenantId, input);
  }
  releaseClaim(clusterId: string, userId: string) {
    return claims.releaseClaim(this.#db, this.tenantId, clusterId, userId);
  }
  applyBulk(userId: string, clusterIds: string[], action: claims.BulkAction) {
    return claims.applyBulk(this.#db, this.tenantId, userId, clusterIds, action);
  }
  listClusterVerdictHistory(clusterId: string) {
    return notes.listClusterVerdictHistory(this.#db, this.tenantId, clusterId);
  }
  addClusterNote(input: Rest<typeof notes.addClusterNote>[0]) {
    return notes.addClusterNote(this.#db, this.tenantId, input);
  }
  listClusterNotes(clusterId: string) {
    return notes.listClusterNotes(this.#db, this.tenantId, clusterId);
  }
  listTenantUsers() {
    return users.listTenantUsers(this.#db, this.tenantId);
  }

  // people, their sessions and one-time links; integration tokens
  listPeople() {
    return people.listPeople(this.#db, this.tenantId);
  }
  getPerson(id: string) {
    return people.getPerson(this.#db, this.tenantId, id);
  }
  deactivatePerson(id: string) {
    return people.deactivatePerson(this.#db, this.tenantId, id);
  }
  reactivatePerson(id: string) {
    return people.reactivatePerson(this.#db, this.tenantId, id);
  }
  setPersonRole(...a: Rest<typeof people.setPersonRole>) {
    return people.setPersonRole(this.#db, this.tenantId, ...a);
  }
  setPasswordHash(...a: Rest<typeof people.setPasswordHash>) {
    return people.setPasswordHash(this.#db, this.tenantId, ...a);
  }
  endSessionsOf(userId: string, keepSessionId: string | null) {
    return people.endSessionsOf(this.#db, this.tenantId, userId, keepSessionId);
  }
  listSessionsOf(userId: string) {
    return people.listSessionsOf(this.#db, this.tenantId, userId);
  }
  setTotp(...a: Rest<typeof people.setTotp>) {
    return people.setTotp(this.#db, this.tenantId, ...a);
  }
  createOneTimeLink(input: Rest<typeof people.createOneTimeLink>[0]) {
    return people.createOneTimeLink(this.#db, this.tenantId, input);
  }
  listOpenInvites() {
    return people.listOpenInvites(this.#db, this.tenantId);
  }
  withdrawInvite(id: string) {
    return people.withdrawInvite(this.#db, this.tenantId, id);
  }
  listApiTokens() {
    return tokens.listApiTokens(this.#db, this.tenantId);
  }
  createApiToken(input: Rest<typeof tokens.createApiToken>[0]) {
    return tokens.createApiToken(this.#db, this.tenantId, input);
  }
  revokeApiToken(id: string) {
    return tokens.revokeApiToken(this.#db, this.tenantId, id);
  }

  // the clinic itself and its escalations to its province
  getClinic() {
    return settings.getClinic(this.#db, this.tenantId);
  }
  updateClinic(patch: settings.ClinicSettings) {
    return settings.updateClinic(this.#db, this.tenantId, patch);
  }
  escalateCluster(input: Rest<typeof escalations.escalateCluster>[0]) {
    return escalations.escalateCluster(this.#db, this.tenantId, input);
  }
  listEscalations(f: Rest<typeof escalations.listEscalations>[0]) {
    return escalations.listEscalations(this.#db, this.tenantId, f);
  }

  // statistics of a period
  clinicStats(q: Rest<typeof stats.clinicStats>[0]) {
    return stats.clinicStats(this.#db, this.tenantId, q);
  }

  // audit trail (append-only)
  recordAudit(entry: audit.AuditEntry) {
    return audit.recordAudit(this.#db, this.tenantId, entry);
  }
  listAuditFor(target: { type: string; id: string }, limit?: number) {
    return audit.listAuditFor(this.#db, this.tenantId, target, limit);
  }
}

/** The database bound to one clinic (see {@link ClinicDb}). */
export function forClinic(db: Db, tenantId: string): ClinicDb {
  return new ClinicDb(db, tenantId);
}
