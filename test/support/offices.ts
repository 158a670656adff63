import { claimSignature, encodeSignature } from "@klinik/claims";
import { createSession, createTenant, createUser, forClinic, listAudit, newId, type Tenant } from "@klinik/db";
import { testItem } from "@klinik/db/testing";
import { expect } from "vitest";
import { call, type Harness } from "./harness.ts";

/** A person of a clinic with a session: `auth` headers for `call`. */
export async function personOf(
  h: Harness,
  tenantId: string,
  email: string,
  role: "admin" | "analyst" | "publisher" | "viewer" = "analyst",
  operator = false,
) {
  const user = await createUser(h.db.db, {
    tenantId,
    email,
    name: email.split("@")[0] ?? email,
    password: "kata-sandi-uji",
    role,
    operator,
  });
  const { token } = await createSession(h.db.db, user, 1);
  return { user, auth: { authorization: `Bearer ${token}` } };
}

/** The instance's operator (admin of `demo`, like the bootstrap account). */
export async function operatorOf(h: Harness) {
  const demo = await createTenant(h.db.db, { slug: "demo", name: "Demo" });
  return { demo, ...(await personOf(h, demo.id, "operator@demo.test", "admin", true)) };
}

/** Onboards through the API as the operator; the created clinics by region code. */
export async function onboard(h: Harness, auth: Record<string, string>, regionCode: string, withChildren = false) {
  const r = await call(h, "POST", "/api/v1/clinics", { headers: auth, body: { regionCode, withChildren } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return new Map<string, { id: string; slug: string; name: string; parentId: string | null; status: string }>(
    r.body.data.map((c: { regionCode: string }) => [c.regionCode, c]),
  );
}

/** One scored claim in a clinic's queue (stored as the classifier stores it); its cluster id. */
export async function claimIn(h: Harness, tenantId: string, key: string, title = `Klaim ${key}`): Promise<string> {
  const clinic = forClinic(h.db.db, tenantId);
  const item = testItem(key, { title, text: `Pesan berantai ${key}: bagikan sebelum dihapus` });
  const { pendingIds } = await clinic.insertItems([item]);
  const id = pendingIds[0] ?? "";
  const clusterId = newId();
  await clinic.storeScoredItems("test-model", [
    {
      itemId: id,
      result: { score: 0.8, reasons: [] },
      clusterId,
      signature: encodeSignature(claimSignature(title, item.text)),
      matches: [],
    },
  ]);
  return clusterId;
}

/** The clinic's audit trail, newest first. */
export const trail = (h: Harness, tenant: Pick<Tenant, "id"> | string) =>
  listAudit(h.db.db, { clinics: [typeof tenant === "string" ? tenant : tenant.id], limit: 200 });
