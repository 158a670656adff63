export * from "./accounts.repository.ts";
export * from "./admin.repository.ts";
export * from "./audit-trail.repository.ts";
export * from "./clarification-search.repository.ts";
export { ClinicDb, forClinic } from "./clinic.ts";
export { ClinicBoundaryError } from "./clinic-guard.ts";
export { ClinicModels, clinicModels } from "./clinic-models.ts";
export { forClinicNotifications } from "./clinic-notifications.ts";
export * from "./clinics.repository.ts";
export * from "./connect.ts";
export * from "./cross-clinic.repository.ts";
export * from "./cross-clinic-models.repository.ts";
export * from "./cross-clinic-public.repository.ts";
export * from "./cross-clinic-stats.repository.ts";
export { isDatabaseDown } from "./database-down.ts";
export * from "./deployment.repository.ts";
export { hashPassword, verifyPassword } from "./password.ts";
export * from "./principal.repository.ts";
export { openProcessDb } from "./process-db.ts";
export * from "./province.repository.ts";
export type { ApiTokenRow } from "./repositories/api-tokens.repository.ts";
export type { ClarificationLock } from "./repositories/assignment.repository.ts";
export type { AuditEntry } from "./repositories/audit.repository.ts";
export {
  type BulkAction,
  type BulkOutcome,
  type ClaimResult,
  heldByOther,
} from "./repositories/claims.repository.ts";
export type {
  ClarificationChanges,
  Correction,
  EditResult,
} from "./repositories/clarification-edits.repository.ts";
export type {
  Clarification,
  ClarificationRow,
  CreateClarificationResult,
} from "./repositories/clarifications.repository.ts";
export type {
  ClinicModelRow,
  NewModelRun,
  TrainingVerdict,
} from "./repositories/clinic-models.repository.ts";
export type { ClinicSettings } from "./repositories/clinic-settings.repository.ts";
export type { ClusterRow } from "./repositories/clusters.repository.ts";
export type { EscalateResult, EscalationRow, EscalationView } from "./repositories/escalations.repository.ts";
export { EVIDENCE_MAX, type EvidenceOwner, type EvidenceRow } from "./repositories/evidence.repository.ts";
export {
  type ClinicItem,
  type ItemRow,
  type NewItem,
  parseReasons,
  type QueueFilter,
  type QueueItem,
} from "./repositories/items.repository.ts";
export {
  DEFAULT_PREFS,
  type NotificationPrefs,
  type NotifyChannels,
  type PrefsInput,
} from "./repositories/notifications.repository.ts";
export { LINK_TTL_HOURS, type LinkPurpose, type PersonRow } from "./repositories/people.repository.ts";
export type { ReporterContact, ReportProgress } from "./repositories/reports.repository.ts";
export type { ReviewActionRow, UndoOutcome } from "./repositories/review-actions.repository.ts";
export type { ReviewQueueFilter, ReviewQueueRow } from "./repositories/review-queue.repository.ts";
export type { ScoredAssignment, StoredBatch } from "./repositories/score-store.repository.ts";
export { type Source, type SourceDrops, sourceDrops } from "./repositories/sources.repository.ts";
export { type PublicUser, toPublicUser, type User } from "./repositories/users.repository.ts";
export type { VerdictRow } from "./repositories/verdicts.repository.ts";
export type {
  AttemptOutcome,
  WebhookAttempt,
  WebhookDelivery,
  WebhookSubscription,
} from "./repositories/webhooks.repository.ts";
export * from "./search-changes.repository.ts";
export * from "./seed.ts";
export { storableText } from "./storable-text.ts";
export type * from "./tables/index.ts";
export { newId, newTicket, normalizeTicket, nowIso, sha256 } from "./util.ts";
