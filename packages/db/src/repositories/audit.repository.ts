import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import { newId, nowIso } from "../util.ts";

/** One event of the audit trail, as a service describes it. */
export interface AuditEntry {
  actorId: string | null;
  /** Email or token name at the time, so the row reads on its own later. */
  actorLabel: string | null;
  /** Dotted name, e.g. `claim.verdict`, `user.invite`, `auth.login_failed`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** A short before/after summary; stored as JSON. */
  summary?: Record<string, unknown> | null;
  address?: string | null;
}

// Bounds what one row may hold: a summary is a summary, not a copy of the record.
const MAX_SUMMARY_CHARS = 4_000;

export function auditRow(tenantId: string | null, e: AuditEntry) {
  let summary = e.summary ? JSON.stringify(e.summary) : null;
  if (summary && summary.length > MAX_SUMMARY_CHARS) summary = `${summary.slice(0, MAX_SUMMARY_CHARS)}…`;
  return {
    id: newId(),
    tenant_id: tenantId,
    actor_id: e.actorId,
    actor_label: storableText(e.actorLabel?.slice(0, 254) ?? null),
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    summary: storableText(summary),
    address: e.address?.slice(0, 64) ?? null,
    created_at: nowIso(),
  };
}

/** Appends an event of one clinic (the table refuses updates and deletes). */
export async function recordAudit(db: Db, tenantId: string, entry: AuditEntry): Promise<void> {
  await db.insertInto("audit_log").values(auditRow(tenantId, entry)).execute();
}

/** One thing's history in its clinic's trail, oldest first (e.g. who submitted, sent back and approved a clarification). */
export async function listAuditFor(
  db: Db,
  tenantId: string,
  target: { type: string; id: string },
  limit = 50,
): Promise<{ action: string; actor_label: string | null; summary: string | null; created_at: string }[]> {
  const rows = await db
    .selectFrom("audit_log")
    .select(["seq", "action", "actor_label", "summary", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();
  return rows.reverse().map(({ seq: _seq, ...r }) => r);
}
