import { createSession, createUser, forClinic } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { uiSession } from "./ui/support.ts";

/**
 * A public reporter's contact (issue 13 part 3): the clinic's analysts see it with the
 * ticket on the item API and on the claim page (one decision, "report.contact"); a
 * viewer, an integration token, another clinic and the public never do.
 */
for (const dialect of DIALECTS) {
  describe(`a reporter's contact on the item and the claim page on ${dialect}`, () => {
    let h: Harness;
    let clinic: Awaited<ReturnType<typeof createClinic>>;
    let other: Awaited<ReturnType<typeof createClinic>>;
    const CONTACT = "0812-3456-pelapor";
    let itemId = "";
    let clusterId = "";
    let ticket = "";
    const viewer = { auth: {} as Record<string, string>, email: "lihat@kontak.test" };

    beforeAll(async () => {
      h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
      clinic = await createClinic(h, `kontak-${dialect}`, "analyst");
      other = await createClinic(h, `lain-${dialect}`, "admin");
      const u = await createUser(h.db.db, {
        tenantId: clinic.tenant.id,
        email: viewer.email,
        name: "Peninjau",
        password: "kata-sandi-uji",
        role: "viewer",
      });
      viewer.auth = { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` };
      const made = await call(h, "POST", `/api/v1/public/${clinic.tenant.slug}/reports`, {
        body: { text: "Katanya ada penculikan anak pakai mobil ambulans di kampung kami", contact: CONTACT },
      });
      expect(made.body.itemId).toEqual(expect.any(String));
      itemId = made.body.itemId;
      ticket = made.body.ticket;
      // The classifier's part, done here: the report's item joins a claim.
      clusterId = `klaim-${dialect}`;
      await forClinic(h.db.db, clinic.tenant.id).storeScoredItems("v-test", [
        { itemId, result: { score: 0.9, reasons: [] }, clusterId, signature: "", matches: [] },
      ]);
    });
    afterAll(async () => h?.close());

    it("the item API gives analysts the contact and ticket, and viewers, read tokens and other clinics nothing", async () => {
      const analyst = await call(h, "GET", `/api/v1/items/${itemId}`, { headers: clinic.auth });
      expect(analyst.status).toBe(200);
      expect(analyst.body.reporter).toEqual({ contact: CONTACT, contactErasedAt: null, ticket });
      const seen = await call(h, "GET", `/api/v1/items/${itemId}`, { headers: viewer.auth });
      expect(seen.status).toBe(200);
      expect(seen.body.reporter).toBeNull();
      expect(JSON.stringify(seen.body)).not.toContain(CONTACT);
      const admin = await createUser(h.db.db, {
        tenantId: clinic.tenant.id,
        email: "admin@kontak.test",
        name: "Admin",
        password: "kata-sandi-uji",
        role: "admin",
      });
      const adminAuth = { authorization: `Bearer ${(await createSession(h.db.db, admin, 1)).token}` };
      const token = await call(h, "POST", "/api/v1/tokens", {
        body: { name: "Dasbor", scopes: ["read"] },
        headers: adminAuth,
      });
      expect(token.status).toBe(201);
      const byToken = await call(h, "GET", `/api/v1/items/${itemId}`, {
        headers: { authorization: `Bearer ${token.body.token}` },
      });
      expect(byToken.status).toBe(200);
      expect(byToken.body.reporter).toBeNull();
      expect((await call(h, "GET", `/api/v1/items/${itemId}`, { headers: other.auth })).status).toBe(404);
    });

    it("the claim page shows the contact and ticket to the analyst, never to a viewer or on the public pages", async () => {
      const analyst = await uiSession(h, clinic.user.email);
      const page = await h.app.request(`/klaster/${clusterId}`, { headers: { cookie: analyst.cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("data-reporter");
      expect(html).toContain(CONTACT);
      expect(html).toContain(ticket);
      const v = await uiSession(h, viewer.email);
      const viewed = await (await h.app.request(`/klaster/${clusterId}`, { headers: { cookie: v.cookie } })).text();
      expect(viewed).toContain("Katanya ada penculikan anak");
      expect(viewed).not.toContain(CONTACT);
      expect(viewed).not.toContain("data-reporter");
      const status = await (await h.app.request(`/k/${clinic.tenant.slug}/laporan/${ticket}`)).text();
      expect(status).toContain(ticket);
      expect(status).not.toContain(CONTACT);
    });

    it("an erased contact says so on the claim page", async () => {
      await forClinic(h.db.db, clinic.tenant.id).eraseContactsReceivedBefore(
        new Date(Date.now() + 60_000).toISOString(),
        new Date().toISOString(),
      );
      const analyst = await uiSession(h, clinic.user.email);
      const html = await (await h.app.request(`/klaster/${clusterId}`, { headers: { cookie: analyst.cookie } })).text();
      expect(html).not.toContain(CONTACT);
      expect(html).toContain("Kontak dihapus sesuai masa simpan");
    });
  });
}
