import { randomBytes } from "node:crypto";
import { createTenant, createUser, type Tenant } from "./admin.repository.ts";
import { forClinic } from "./clinic.ts";
import type { Db } from "./connect.ts";
import { findTenantBySlug, findUserByEmail } from "./cross-clinic.repository.ts";

export interface SeedDemoInput {
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
  feeds: { name: string; url: string }[];
}

export interface SeedDemoResult {
  tenant: Tenant;
  adminEmail: string;
  /** Set only when the admin was created by this call with a generated password. */
  generatedPassword: string | null;
  createdAdmin: boolean;
  addedSources: number;
}

/**
 * Ensures the `demo` clinic, its bootstrap admin and its fixture sources exist.
 * Idempotent: a second start changes nothing and never resets a password.
 */
export async function seedDemo(db: Db, input: SeedDemoInput): Promise<SeedDemoResult> {
  const tenant =
    (await findTenantBySlug(db, "demo")) ??
    (await createTenant(db, { slug: "demo", name: "Klinik Hoaks Demo", timezone: "Asia/Jakarta" }));
  const adminEmail = (input.adminEmail ?? "admin@demo.klinik.local").toLowerCase();
  let generatedPassword: string | null = null;
  let createdAdmin = false;
  if (!(await findUserByEmail(db, adminEmail))) {
    const password = input.adminPassword ?? randomBytes(12).toString("base64url");
    if (!input.adminPassword) generatedPassword = password;
    // The bootstrap account runs the instance (creates clinics) and administers `demo`.
    await createUser(db, {
      tenantId: tenant.id,
      email: adminEmail,
      name: "Admin Demo",
      password,
      role: "admin",
      operator: true,
    });
    createdAdmin = true;
  } else if (!(await db.selectFrom("users").select("id").where("operator", "=", 1).executeTakeFirst())) {
    // An instance from before operators existed: its bootstrap account becomes the operator.
    await db.updateTable("users").set({ operator: 1 }).where("email", "=", adminEmail).execute();
  }
  let addedSources = 0;
  const clinic = forClinic(db, tenant.id);
  for (const feed of input.feeds) {
    if (await clinic.findSourceByUrl(feed.url)) continue;
    await clinic.createSource({ kind: "rss", name: feed.name, url: feed.url, scheduleSec: 300 });
    addedSources += 1;
  }
  return { tenant, adminEmail, generatedPassword, createdAdmin, addedSources };
}
