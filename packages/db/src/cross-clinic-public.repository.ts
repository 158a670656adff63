/**
 * Reads across clinics for the public site and the contact-retention job: the
 * instance-wide list shows every clinic's published clarifications, and the
 * job visits every clinic with its own retention. Nothing here reads a draft
 * or a reporter's contact.
 */
import type { Verdict } from "@klinik/core";
import type { Db } from "./connect.ts";

export interface PublicListing {
  id: string;
  title: string;
  verdict: Verdict;
  published_at: string | null;
  clinic_slug: string;
  clinic_name: string;
  clinic_display_name: string | null;
  region_code: string | null;
}

/**
 * Published clarifications of every active clinic, newest first; `region` ("32"
 * or "32.73") keeps a province with its regencies, or one regency/city.
 */
export async function listPublishedAcrossClinics(
  db: Db,
  opts: { region?: string | undefined; limit: number; before?: string | undefined },
): Promise<PublicListing[]> {
  let q = db
    .selectFrom("clarifications as c")
    .innerJoin("tenants as t", "t.id", "c.tenant_id")
    .select([
      "c.id",
      "c.title",
      "c.verdict",
      "c.published_at",
      "t.slug as clinic_slug",
      "t.name as clinic_name",
      "t.display_name as clinic_display_name",
      "t.region_code",
    ])
    .where("c.status", "=", "published")
    .where("t.status", "=", "active");
  const region = opts.region;
  if (region) {
    q = region.includes(".")
      ? q.where("t.region_code", "=", region)
      : q.where((eb) => eb.or([eb("t.region_code", "=", region), eb("t.region_code", "like", `${region}.%`)]));
  }
  if (opts.before) q = q.where("c.published_at", "<", opts.before);
  return q.orderBy("c.published_at", "desc").orderBy("c.id").limit(opts.limit).execute();
}

/** Every clinic with its contact retention: the erasing job visits each in turn. */
export async function listContactRetention(db: Db): Promise<{ id: string; days: number }[]> {
  return db.selectFrom("tenants").select(["id", "contact_retention_days as days"]).orderBy("id").execute();
}
