/**
 * Reading the audit trail across clinics: an admin reads their clinic's, a
 * province its own and its regencies', the operator every clinic's. The caller
 * (the service layer) decides which clinics; this module only reads them.
 * Writing an event of no clinic (a sign-in attempt for an unknown email) is here too.
 */
import type { Db } from "./connect.ts";
import { type AuditEntry, auditRow } from "./repositories/audit.repository.ts";

export interface AuditFilter {
  /** Clinics to read; "all" for the operator. */
  clinics: string[] | "all";
  action?: string | undefined;
  actorId?: string | undefined;
  /** A person's id or the email/token name the row was written with. */
  actor?: string | undefined;
  /** ISO bounds on created_at: from inclusive, to exclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Newest first: rows with seq below this. */
  beforeSeq?: number | undefined;
  limit: number;
}

export interface AuditRow {
  seq: number;
  id: string;
  tenant_id: string | null;
  clinic_slug: string | null;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  summary: string | null;
  address: string | null;
  created_at: string;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  if (f.clinics !== "all" && f.clinics.length === 0) return [];
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("tenants as t", "t.id", "a.tenant_id")
    .select([
      "a.seq",
      "a.id",
      "a.tenant_id",
      "t.slug as clinic_slug",
      "a.actor_id",
      "a.actor_label",
      "a.action",
      "a.target_type",
      "a.target_id",
      "a.summary",
      "a.address",
      "a.created_at",
    ]);
  if (f.clinics !== "all") q = q.where("a.tenant_id", "in", f.clinics);
  if (f.action) q = q.where("a.action", "=", f.action);
  if (f.actorId) q = q.where("a.actor_id", "=", f.actorId);
  const actor = f.actor;
  if (actor) q = q.where((eb) => eb.or([eb("a.actor_id", "=", actor), eb("a.actor_label", "=", actor)]));
  if (f.from) q = q.where("a.created_at", ">=", f.from);
  if (f.to) q = q.where("a.created_at", "<", f.to);
  if (f.beforeSeq !== undefined) q = q.where("a.seq", "<", f.beforeSeq);
  const rows = await q.orderBy("a.seq", "desc").limit(f.limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** An event that belongs to no clinic (e.g. a failed sign-in for an unknown email). */
export async function recordInstanceAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insertInto("audit_log").values(auditRow(null, entry)).execute();
}

export interface AuditClinic {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
}

/**
 * Clinics whose trail a reader may choose from: one clinic and its regencies
 * (`tenants.parent_id`), or every clinic for the operator. Sorted by name.
 */
export async function auditClinics(db: Db, root: { id: string } | "all"): Promise<AuditClinic[]> {
  let q = db.selectFrom("tenants").select(["id", "slug", "name", "parent_id"]);
  if (root !== "all") q = q.where((eb) => eb.or([eb("id", "=", root.id), eb("parent_id", "=", root.id)]));
  return q.orderBy("name").orderBy("id").execute();
}
