import type { Tenant } from "../admin.repository.ts";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";

/** What a clinic's admin may change about it. */
export interface ClinicSettings {
  display_name?: string | null;
  logo_url?: string | null;
  contact?: string | null;
  contact_retention_days?: number;
  require_approval?: boolean;
  require_totp?: boolean;
}

/** The clinic's own row (its settings and place in the hierarchy). */
export async function getClinic(db: Db, tenantId: string): Promise<Tenant | undefined> {
  return db.selectFrom("tenants").selectAll().where("id", "=", tenantId).executeTakeFirst();
}

/** Changes the clinic's settings; the row before and after (undefined when the clinic is gone). */
export async function updateClinic(
  db: Db,
  tenantId: string,
  s: ClinicSettings,
): Promise<{ before: Tenant; after: Tenant } | undefined> {
  return db.transaction().execute(async (tx) => {
    const before = await getClinic(tx, tenantId);
    if (!before) return undefined;
    const set: Partial<Tenant> = {};
    if (s.display_name !== undefined) set.display_name = storableText(s.display_name);
    if (s.logo_url !== undefined) set.logo_url = storableText(s.logo_url);
    if (s.contact !== undefined) set.contact = storableText(s.contact);
    if (s.contact_retention_days !== undefined) set.contact_retention_days = s.contact_retention_days;
    if (s.require_approval !== undefined) set.require_approval = s.require_approval ? 1 : 0;
    if (s.require_totp !== undefined) set.require_totp = s.require_totp ? 1 : 0;
    if (Object.keys(set).length > 0) await tx.updateTable("tenants").set(set).where("id", "=", tenantId).execute();
    return { before, after: { ...before, ...set } };
  });
}
