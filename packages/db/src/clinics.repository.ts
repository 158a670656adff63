/**
 * The clinics of the instance and their hierarchy (instance → province →
 * regency/city). The `tenants` table belongs to no clinic, so these functions
 * take clinics as data: onboarding by the operator, the list a caller may see,
 * a dormant regency waking up. The service layer decides who may call which.
 */
import type { ClinicKind, ClinicStatus } from "@klinik/core";
import { type NewTenant, newTenantRow, type Tenant } from "./admin.repository.ts";
import type { Db } from "./connect.ts";

/**
 * A dormant clinic becomes active (its first admin has set a password). Does
 * nothing to a clinic that is already active; true when it changed.
 */
export async function activateDormantClinic(db: Db, tenantId: string): Promise<boolean> {
  const r = await db
    .updateTable("tenants")
    .set({ status: "active" })
    .where("id", "=", tenantId)
    .where("status", "=", "dormant")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Creates a province clinic and/or regency clinics in one transaction: all of
 * them or none (a region code and a slug are unique). With a province, the
 * regencies become its children; without, they keep the `parentId` given.
 */
export async function createClinics(
  db: Db,
  input: { province?: NewTenant | undefined; regencies: readonly NewTenant[] },
): Promise<Tenant[]> {
  const province = input.province ? newTenantRow(input.province) : undefined;
  const rows = [
    ...(province ? [province] : []),
    ...input.regencies.map((r) => newTenantRow(province ? { ...r, parentId: province.id } : r)),
  ];
  if (rows.length === 0) return rows;
  await db.transaction().execute(async (tx) => {
    // Chunks keep each statement under the databases' bound-parameter limits.
    for (let i = 0; i < rows.length; i += 50)
      await tx
        .insertInto("tenants")
        .values(rows.slice(i, i + 50))
        .execute();
  });
  return rows;
}

export interface ClinicFilter {
  /** Only these clinics (the caller's visibility); omitted: every clinic (the operator). */
  ids?: readonly string[];
  /** A province clinic and its regencies. */
  provinceId?: string;
  status?: ClinicStatus;
  kind?: ClinicKind;
}

/** Clinics ordered by region code (clinics without one last, by name). */
export async function listClinics(db: Db, f: ClinicFilter = {}): Promise<Tenant[]> {
  if (f.ids && f.ids.length === 0) return [];
  let q = db.selectFrom("tenants").selectAll();
  if (f.ids) q = q.where("id", "in", f.ids);
  if (f.provinceId) {
    const p = f.provinceId;
    q = q.where((eb) => eb.or([eb("id", "=", p), eb("parent_id", "=", p)]));
  }
  if (f.status) q = q.where("status", "=", f.status);
  if (f.kind) q = q.where("kind", "=", f.kind);
  // NULLs sort first on SQLite and last on Postgres: say "last" explicitly.
  return q
    .orderBy((eb) => eb("region_code", "is", null))
    .orderBy("region_code")
    .orderBy("name")
    .execute();
}

/** Region codes already onboarded among these. */
export async function existingRegionCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom("tenants").select("region_code").where("region_code", "in", codes).execute();
  return new Set(rows.map((r) => r.region_code).filter((c): c is string => c !== null));
}

/** The clinic of a region code, if onboarded. */
export async function findClinicByRegion(db: Db, regionCode: string): Promise<Tenant | undefined> {
  return db.selectFrom("tenants").selectAll().where("region_code", "=", regionCode).executeTakeFirst();
}

/** Slugs already taken among these (to pick a free one before inserting). */
export async function takenSlugs(db: Db, slugs: readonly string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db.selectFrom("tenants").select("slug").where("slug", "in", slugs).execute();
  return new Set(rows.map((r) => r.slug));
}
