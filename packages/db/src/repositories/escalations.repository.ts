import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { EscalationTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";
import { ownsRow } from "./clinic-rows.ts";

export type EscalationRow = EscalationTable;

/** An escalation with what a list shows of its claim and the people involved. */
export interface EscalationView extends EscalationRow {
  /** The regency's name (the clinic that owns the claim). */
  clinic_name: string;
  claim_title: string | null;
  claim_excerpt: string;
  created_by_name: string | null;
}

export type EscalateResult =
  | { kind: "created"; escalation: EscalationRow }
  | { kind: "open"; escalation: EscalationRow }
  | undefined;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === "23505" || /UNIQUE constraint failed/i.test(e.message ?? "");
}

/**
 * Hands one of the clinic's claims up to its province. Undefined when the claim is
 * not the clinic's; `open` when the claim already has an open escalation (a partial
 * unique index settles two at the same moment).
 */
export async function escalateCluster(
  db: Db,
  tenantId: string,
  input: { clusterId: string; provinceId: string; reason: string | null; userId: string },
): Promise<EscalateResult> {
  if (!(await ownsRow(db, tenantId, "clusters", input.clusterId))) return undefined;
  const open = () =>
    db
      .selectFrom("escalations")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("cluster_id", "=", input.clusterId)
      .where("status", "=", "open")
      .executeTakeFirst();
  const existing = await open();
  if (existing) return { kind: "open", escalation: existing };
  const row: EscalationRow = {
    id: newId(),
    tenant_id: tenantId,
    province_id: input.provinceId,
    cluster_id: input.clusterId,
    status: "open",
    reason: storableText(input.reason),
    answer: null,
    verdict: null,
    created_by: input.userId,
    created_at: nowIso(),
    resolved_by: null,
    resolved_at: null,
  };
  try {
    await db.insertInto("escalations").values(row).execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await open();
    if (!winner) throw err;
    return { kind: "open", escalation: winner };
  }
  return { kind: "created", escalation: row };
}

/**
 * Escalations as both sides read them: with the regency's name, the claim's title and
 * text, and who escalated it. The caller adds whose (the regency's, or a province's).
 */
export function escalationViews(db: Db) {
  return db
    .selectFrom("escalations as e")
    .innerJoin("tenants as t", "t.id", "e.tenant_id")
    .innerJoin("clusters as c", (j) => j.onRef("c.id", "=", "e.cluster_id").onRef("c.tenant_id", "=", "e.tenant_id"))
    .innerJoin("items as i", (j) =>
      j.onRef("i.id", "=", "c.representative_item_id").onRef("i.tenant_id", "=", "c.tenant_id"),
    )
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "e.created_by").onRef("u.tenant_id", "=", "e.tenant_id"))
    .selectAll("e")
    .select([
      "t.name as clinic_name",
      "i.title as claim_title",
      "i.text as claim_excerpt",
      "u.name as created_by_name",
    ]);
}

/** The clinic's escalations (its own claims handed up), newest first. */
export async function listEscalations(
  db: Db,
  tenantId: string,
  f: { status?: EscalationRow["status"] | undefined; clusterId?: string | undefined; limit: number },
): Promise<EscalationView[]> {
  let q = escalationViews(db).where("e.tenant_id", "=", tenantId);
  if (f.status) q = q.where("e.status", "=", f.status);
  if (f.clusterId) q = q.where("e.cluster_id", "=", f.clusterId);
  const rows = await q.orderBy("e.created_at", "desc").orderBy("e.id", "desc").limit(f.limit).execute();
  return rows.map((r) => ({ ...r, claim_excerpt: r.claim_excerpt.slice(0, 300) }));
}
