/**
 * What a province clinic reads and answers across its regencies, on purpose:
 * the escalations its regencies handed up (and its answer to them, which is
 * written on the escalation row, never into the regency's claim) and the
 * statistics of every regency. Every function takes the province's id and
 * reaches only rows of clinics whose `parent_id` is that province, or rows
 * addressed to it. Reading a regency's queue itself goes through
 * `forClinic(db, regencyId)`, once the service layer has checked the parent.
 */
import type { Verdict } from "@klinik/core";
import type { Db } from "./connect.ts";
import { type EscalationRow, type EscalationView, escalationViews } from "./repositories/escalations.repository.ts";
import { storableText } from "./storable-text.ts";
import { nowIso } from "./util.ts";

/** Escalations addressed to a province by its regencies, newest first, with the regency's name. */
export async function listIncomingEscalations(
  db: Db,
  provinceId: string,
  f: { status?: EscalationRow["status"] | undefined; limit: number },
): Promise<EscalationView[]> {
  // Only from clinics that are still this province's regencies.
  let q = escalationViews(db).where("e.province_id", "=", provinceId).whereRef("t.parent_id", "=", "e.province_id");
  if (f.status) q = q.where("e.status", "=", f.status);
  const rows = await q.orderBy("e.created_at", "desc").orderBy("e.id", "desc").limit(f.limit).execute();
  return rows.map((r) => ({ ...r, claim_excerpt: r.claim_excerpt.slice(0, 300) }));
}

/** One escalation addressed to the province (undefined for another province's). */
export async function getIncomingEscalation(
  db: Db,
  provinceId: string,
  id: string,
): Promise<EscalationRow | undefined> {
  return db
    .selectFrom("escalations")
    .selectAll()
    .where("id", "=", id)
    .where("province_id", "=", provinceId)
    .executeTakeFirst();
}

/**
 * The province answers (with a suggested verdict) or hands back an open
 * escalation. Undefined when it is not the province's; `changed: false` when
 * it was no longer open (someone resolved it first).
 */
export async function resolveEscalation(
  db: Db,
  provinceId: string,
  id: string,
  r: { status: "answered" | "returned"; answer: string; verdict: Verdict | null; userId: string },
): Promise<{ changed: boolean; escalation: EscalationRow } | undefined> {
  const res = await db
    .updateTable("escalations")
    .set({
      status: r.status,
      answer: storableText(r.answer),
      verdict: r.verdict,
      resolved_by: r.userId,
      resolved_at: nowIso(),
    })
    .where("id", "=", id)
    .where("province_id", "=", provinceId)
    .where("status", "=", "open")
    .executeTakeFirst();
  const escalation = await getIncomingEscalation(db, provinceId, id);
  if (!escalation) return undefined;
  return { changed: Number(res.numUpdatedRows) > 0, escalation };
}

export interface RegencyStats {
  clinic_id: string;
  name: string;
  slug: string;
  region_code: string | null;
  status: string;
  open_claims: number;
  decided: Partial<Record<Verdict, number>>;
  clarifications_published: number;
  escalations_open: number;
}

/** Per regency of a province: open claims, claims decided per verdict, published clarifications, open escalations. */
export async function regencyStats(db: Db, provinceId: string): Promise<RegencyStats[]> {
  const regencies = db.selectFrom("tenants").select("id").where("parent_id", "=", provinceId);
  const [clinics, open, decided, published, escalations] = await Promise.all([
    db
      .selectFrom("tenants")
      .select(["id", "name", "slug", "region_code", "status"])
      .where("parent_id", "=", provinceId)
      .orderBy("region_code")
      .orderBy("name")
      .execute(),
    db
      .selectFrom("clusters")
      .select((eb) => ["tenant_id", eb.fn.countAll<string | number>().as("n")])
      .where("tenant_id", "in", regencies)
      .where("status", "in", ["new", "in_review"])
      .groupBy("tenant_id")
      .execute(),
    db
      .selectFrom("clusters")
      .select((eb) => ["tenant_id", "verdict", eb.fn.countAll<string | number>().as("n")])
      .where("tenant_id", "in", regencies)
      .where("verdict", "is not", null)
      .groupBy(["tenant_id", "verdict"])
      .execute(),
    db
      .selectFrom("clarifications")
      .select((eb) => ["tenant_id", eb.fn.countAll<string | number>().as("n")])
      .where("tenant_id", "in", regencies)
      .where("status", "=", "published")
      .groupBy("tenant_id")
      .execute(),
    db
      .selectFrom("escalations")
      .select((eb) => ["tenant_id", eb.fn.countAll<string | number>().as("n")])
      .where("province_id", "=", provinceId)
      .where("status", "=", "open")
      .groupBy("tenant_id")
      .execute(),
  ]);
  const count = (rows: { tenant_id: string; n: string | number }[]) =>
    new Map(rows.map((r) => [r.tenant_id, Number(r.n)]));
  const openBy = count(open);
  const publishedBy = count(published);
  const escalatedBy = count(escalations);
  const decidedBy = new Map<string, Partial<Record<Verdict, number>>>();
  for (const r of decided) {
    if (!r.verdict) continue;
    decidedBy.set(r.tenant_id, { ...decidedBy.get(r.tenant_id), [r.verdict]: Number(r.n) });
  }
  return clinics.map((c) => ({
    clinic_id: c.id,
    name: c.name,
    slug: c.slug,
    region_code: c.region_code,
    status: c.status,
    open_claims: openBy.get(c.id) ?? 0,
    decided: decidedBy.get(c.id) ?? {},
    clarifications_published: publishedBy.get(c.id) ?? 0,
    escalations_open: escalatedBy.get(c.id) ?? 0,
  }));
}
