import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FormStamp } from "../services/api/src/security/form-stamp.ts";
import { eraseExpiredContacts } from "../services/api/src/services/contact-retention.service.ts";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { seedClaim } from "./ui/support.ts";

const HOAX =
  "Pesan berantai: mulai besok WhatsApp bayar 5 ribu per bulan kalau pesan ini tidak diteruskan ke 20 kontak";

for (const dialect of DIALECTS) {
  describe(`public report form and ticket on ${dialect}`, () => {
    let h: Harness;
    let clinic: Awaited<ReturnType<typeof createClinic>>;
    /** A stamp as the form issued it `ageMs` ago. */
    let stamp: (ageMs?: number) => Promise<string>;
    const post = (path: string, fields: Record<string, string>) =>
      h.app.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
        redirect: "manual",
      });

    beforeAll(async () => {
      h = await createHarness({}, dialect);
      clinic = await createClinic(h, "jabar");
      await createClinic(h, "bali");
      const stamps = new FormStamp(h.redis, h.config.QUEUE_PREFIX);
      stamp = (ageMs = 5_000) => stamps.issue(`lapor:${clinic.tenant.id}`, Date.now() - ageMs);
      const claim = await seedClaim(h, clinic.tenant.id, { text: HOAX, score: 0.9 });
      const made = await call(h, "POST", "/api/v1/clarifications", {
        headers: clinic.auth,
        body: { title: "WhatsApp tidak berbayar", body: HOAX, verdict: "false", itemIds: claim.itemIds },
      });
      await call(h, "POST", `/api/v1/clarifications/${made.body.id}/publish`, { headers: clinic.auth });
    });
    afterAll(async () => h?.close());

    it("serves the form without script: a signed stamp, a hidden trap field, the ticket lookup", async () => {
      const html = await (await h.app.request("/k/jabar/lapor")).text();
      expect(html).toMatch(/<form method="post" action="\/k\/jabar\/lapor"/);
      expect(html).toMatch(/name="_cap" value="\d{13}\.[\w-]{43}"/);
      expect(html).toContain('name="situs_web"');
      expect(html).toContain('action="/k/jabar/laporan"');
      expect(html).not.toContain("<script");
    });

    it("refuses a post without a stamp, with another clinic's, too fast, or with the trap filled (403)", async () => {
      const fields = { teks: "Ada pembagian sembako gratis di balai desa", kontak: "" };
      expect((await post("/k/jabar/lapor", fields)).status).toBe(403);
      const fast = await post("/k/jabar/lapor", { ...fields, _cap: await stamp(0) });
      expect(fast.status).toBe(403);
      expect(await fast.text()).toContain("terlalu cepat");
      expect(
        (await post("/k/jabar/lapor", { ...fields, _cap: await stamp(), situs_web: "http://spam.test" })).status,
      ).toBe(403);
      expect((await post("/k/bali/lapor", { ...fields, _cap: await stamp() })).status).toBe(403);
      const count = await h.db.db
        .selectFrom("reports")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirst();
      expect(Number(count?.n)).toBe(0);
    });

    it("answers a bad link with the form again (400), keeping what was typed", async () => {
      const r = await post("/k/jabar/lapor", {
        teks: "Pesan aneh",
        tautan: "javascript:alert(1)",
        _cap: await stamp(),
      });
      expect(r.status).toBe(400);
      const html = await r.text();
      expect(html).toContain("Pesan aneh");
      expect(html).toContain("http://");
    });

    it("suggests the clarification first, then takes the report and answers with its ticket page, never the contact", async () => {
      const first = await post("/k/jabar/lapor", { teks: HOAX, kontak: "rahasia@warga.test", _cap: await stamp() });
      expect(first.status).toBe(200);
      const suggested = await first.text();
      expect(suggested).toContain("Sudah pernah diklarifikasi?");
      expect(suggested).toContain("WhatsApp tidak berbayar");
      expect(suggested).toContain('name="lanjut" value="1"');
      const sent = await post("/k/jabar/lapor", {
        teks: HOAX,
        kontak: "rahasia@warga.test",
        lanjut: "1",
        _cap: await stamp(),
      });
      expect(sent.status).toBe(303);
      const location = sent.headers.get("location") ?? "";
      expect(location).toMatch(/^\/k\/jabar\/laporan\/[3-9A-Y]{5}-[3-9A-Y]{5}\?baru=1$/);
      const page = await h.app.request(location);
      expect(page.headers.get("cache-control")).toBe("no-store");
      const html = await page.text();
      expect(html).toContain("Laporan Anda sudah kami terima");
      expect(html).toContain('data-stage="received"');
      expect(html).not.toContain("rahasia@warga.test");
      // Typed by a person: lower case, without the dash.
      const ticket = location.split("/").pop()?.split("?")[0] ?? "";
      const lookup = await h.app.request(`/k/jabar/laporan?kode=${ticket.toLowerCase().replace("-", "")}`);
      expect(lookup.headers.get("location")).toBe(`/k/jabar/laporan/${ticket}`);
      expect((await h.app.request(`/k/bali/laporan/${ticket}`)).status).toBe(404);
    });

    it("sends the report at once from the suggestions page: the person already took their time", async () => {
      const first = await post("/k/jabar/lapor", { teks: `${HOAX} (lagi)`, _cap: await stamp() });
      const suggested = await first.text();
      expect(suggested).toContain("Sudah pernah diklarifikasi?");
      const cap = /name="_cap" value="([^"]+)"/.exec(suggested)?.[1] ?? "";
      // "Tetap kirim laporan" pressed right away, with what the suggestions page carries.
      const sent = await post("/k/jabar/lapor", { teks: `${HOAX} (lagi)`, lanjut: "1", _cap: cap });
      expect(sent.status).toBe(303);
      expect(sent.headers.get("location")).toMatch(/^\/k\/jabar\/laporan\//);
    });

    it("answers {id, ticket} over JSON and follows the report to its clarification", async () => {
      const made = await call(h, "POST", "/api/v1/public/jabar/reports", {
        body: { text: "Beredar kabar gempa besar nanti malam jam 9", contact: "0812-rahasia" },
      });
      expect(made.status).toBe(202);
      expect(made.body).toMatchObject({
        id: expect.any(String),
        ticket: expect.stringMatching(/^[3-9A-Y]{5}-[3-9A-Y]{5}$/),
      });
      const path = `/api/v1/public/jabar/reports/${made.body.ticket}`;
      expect((await call(h, "GET", path)).body).toMatchObject({
        stage: "received",
        verdict: null,
        clarification: null,
      });
      expect(JSON.stringify((await call(h, "GET", path)).body)).not.toContain("rahasia");
      expect((await call(h, "GET", `/api/v1/public/bali/reports/${made.body.ticket}`)).status).toBe(404);
      expect((await call(h, "GET", "/api/v1/public/jabar/reports/AAAAA-AAAAA")).status).toBe(404);

      await h.db.db.updateTable("items").set({ status: "in_review" }).where("id", "=", made.body.itemId).execute();
      expect((await call(h, "GET", path)).body.stage).toBe("in_review");
      const clar = await call(h, "POST", "/api/v1/clarifications", {
        headers: clinic.auth,
        body: {
          title: "Tidak ada peringatan gempa",
          body: "BMKG tidak memprediksi gempa.",
          verdict: "false",
          itemIds: [made.body.itemId],
        },
      });
      expect((await call(h, "GET", path)).body.stage).toBe("in_review");
      await call(h, "POST", `/api/v1/clarifications/${clar.body.id}/publish`, { headers: clinic.auth });
      const done = (await call(h, "GET", path)).body;
      expect(done).toMatchObject({
        stage: "clarified",
        clarification: { id: clar.body.id, url: `/k/jabar/klarifikasi/${clar.body.id}`, verdict: "false" },
      });
      const html = await (await h.app.request(`/k/jabar/laporan/${made.body.ticket}`)).text();
      expect(html).toContain(`href="/k/jabar/klarifikasi/${clar.body.id}"`);
    });

    it("shows analysts the reporter's contact until the clinic's retention erases it (audited)", async () => {
      const made = await call(h, "POST", "/api/v1/public/jabar/reports", {
        body: { text: "Kabar", contact: "0899-pelapor" },
      });
      const item = await call(h, "GET", `/api/v1/items/${made.body.itemId}`, { headers: clinic.auth });
      expect(item.body.reporter).toMatchObject({ contact: "0899-pelapor", ticket: made.body.ticket });
      const later = new Date(Date.now() + 91 * 24 * 3600_000);
      expect((await eraseExpiredContacts({ db: h.db.db }, later)).erased).toBeGreaterThanOrEqual(1);
      const after = await call(h, "GET", `/api/v1/items/${made.body.itemId}`, { headers: clinic.auth });
      expect(after.body.reporter).toMatchObject({ contact: null, contactErasedAt: expect.any(String) });
      const trail = await h.db.db
        .selectFrom("audit_log")
        .select("action")
        .where("tenant_id", "=", clinic.tenant.id)
        .where("action", "=", "report.contacts_erased")
        .execute();
      expect(trail).toHaveLength(1);
    });
  });
}
