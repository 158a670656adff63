import { createUser, forClinic } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { postForm, seedClaim, uiSession } from "./support.ts";

const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> \u202Egpj.exe`;

describe("review UI pages (app.request)", () => {
  let h: Harness;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  let other: Awaited<ReturnType<typeof createClinic>>;
  let me: { cookie: string; csrf: string; setCookie: string };
  let them: { cookie: string; csrf: string };
  let top: string;
  let low: string;
  let hostile: string;
  let foreignCluster: string;

  beforeAll(async () => {
    h = await createHarness();
    clinic = await createClinic(h, "ntb");
    other = await createClinic(h, "maluku");
    const src = await forClinic(h.db.db, clinic.tenant.id).createSource({
      kind: "rss",
      name: "Grup WA Pantauan",
      url: "https://contoh.test/a.xml",
      scheduleSec: 300,
    });
    top = (
      await seedClaim(h, clinic.tenant.id, {
        text: "SEBARKAN! Vaksin mengandung chip pelacak",
        score: 0.93,
        members: 3,
        sourceId: src.id,
      })
    ).clusterId;
    low = (await seedClaim(h, clinic.tenant.id, { text: "Jadwal pemadaman listrik wilayah Mataram", score: 0.21 }))
      .clusterId;
    hostile = (
      await seedClaim(h, clinic.tenant.id, { title: HOSTILE, text: HOSTILE, url: "javascript:alert(1)", score: 0.5 })
    ).clusterId;
    foreignCluster = (await seedClaim(h, other.tenant.id, { text: "Klaim rahasia klinik lain", score: 0.99 }))
      .clusterId;
    me = await uiSession(h, "admin@ntb.test");
    them = await uiSession(h, "admin@maluku.test");
  });
  afterAll(async () => h?.close());

  describe("login and session", () => {
    it("sets an HttpOnly, SameSite session cookie with an expiry, Secure behind https", async () => {
      expect(me.setCookie).toMatch(/kh_sesi=[A-Za-z0-9_-]{20,}/);
      expect(me.setCookie).toMatch(/HttpOnly/i);
      expect(me.setCookie).toMatch(/SameSite=(Lax|Strict)/i);
      expect(me.setCookie).toMatch(/Expires=/i);
      expect(me.setCookie).not.toMatch(/Secure/i);
      const form = await h.app.request("/masuk", { headers: { "x-forwarded-proto": "https" } });
      expect(form.headers.get("set-cookie")).toMatch(/Secure/);
    });

    it("rejects a wrong password and sends anonymous visitors to the login form", async () => {
      await expect(uiSession(h, "admin@ntb.test", "salah")).rejects.toThrow(/401/);
      const res = await h.app.request("/antrean?status=done");
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/masuk?lanjut=${encodeURIComponent("/antrean?status=done")}`);
    });

    it("logs out: the cookie no longer opens the queue", async () => {
      const s = await uiSession(h, "admin@ntb.test");
      expect((await postForm(h, "/keluar", s.cookie, { _csrf: s.csrf })).status).toBe(303);
      expect((await h.app.request("/antrean", { headers: { cookie: s.cookie } })).status).toBe(303);
    });
  });

  describe("queue", () => {
    it("shows one row per claim, highest score first, with sources and reasons, under a strict CSP", async () => {
      const res = await h.app.request("/antrean", { headers: { cookie: me.cookie } });
      expect(res.status).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      for (const d of [
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
      ]) {
        expect(csp).toContain(d);
      }
      const html = await res.text();
      const ids = [...html.matchAll(/<tr data-id="([^"]+)"/g)].map((m) => m[1]);
      expect(ids).toEqual([top, hostile, low]);
      expect(html).toContain("Grup WA Pantauan");
      expect(html).toContain("Ajakan menyebarkan segera");
      expect(html).not.toContain("Klaim rahasia klinik lain");
      expect(html).not.toMatch(/<script>(?!<\/)/);
      expect(html).not.toMatch(/ style=/);
    });

    it("filters by text, score range and status from the URL", async () => {
      const get = async (q: string) =>
        [
          ...(await (await h.app.request(`/antrean${q}`, { headers: { cookie: me.cookie } })).text()).matchAll(
            /<tr data-id="([^"]+)"/g,
          ),
        ].map((m) => m[1]);
      expect(await get("?q=PEMADAMAN")).toEqual([low]);
      expect(await get("?q=varian%201")).toEqual([top]);
      expect(await get("?min=40&max=60")).toEqual([hostile]);
      expect(await get("?status=done")).toEqual([]);
      expect(await get("?q=%25")).toEqual([]);
    });

    it("finds decided claims by verdict without also having to change the status filter", async () => {
      const decided = (await seedClaim(h, clinic.tenant.id, { text: "Foto lama banjir bandang 2019", score: 0.6 }))
        .clusterId;
      await forClinic(h.db.db, clinic.tenant.id).recordClusterVerdict({
        clusterId: decided,
        userId: clinic.user.id,
        verdict: "misleading",
        note: null,
      });
      const page = await h.app.request("/antrean?putusan=misleading", { headers: { cookie: me.cookie } });
      expect([...(await page.text()).matchAll(/<tr data-id="([^"]+)"/g)].map((m) => m[1])).toEqual([decided]);
    });

    it("asks for claims and an action in words, and says what a bulk action did", async () => {
      const flash = async (res: Response) =>
        decodeURIComponent(/kh_pesan=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1] ?? "");
      const none = await postForm(h, "/antrean/massal", me.cookie, { _csrf: me.csrf, aksi: "verdict:true" });
      expect(await flash(none)).toBe("Pilih dulu setidaknya satu klaim di daftar.");
      const noAction = await postForm(h, "/antrean/massal", me.cookie, { _csrf: me.csrf, aksi: "", ids: hostile });
      expect(await flash(noAction)).toBe("Pilih tindakan.");
      const page = await (await h.app.request("/antrean", { headers: { cookie: me.cookie } })).text();
      // No verdict is preselected: the browser makes the analyst choose one.
      expect(page).toContain('<select id="bulk-action" name="aksi" required=""><option value="">');
      const fresh = (await seedClaim(h, clinic.tenant.id, { text: "Bantuan kuota internet gratis", score: 0.4 }))
        .clusterId;
      const done = await postForm(h, "/antrean/massal", me.cookie, {
        _csrf: me.csrf,
        aksi: "verdict:unproven",
        ids: fresh,
      });
      expect(await flash(done)).toBe("Belum terbukti diberikan ke 1 klaim.");
      // The next page offers to undo it.
      expect(done.headers.get("set-cookie") ?? "").toMatch(/kh_urung=[0-9a-f-]{36}/);
    });

    it("leaves the JSON API and its error shape alone", async () => {
      const r = await h.app.request("/api/v1/items");
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ error: { code: "unauthorized" } });
      const nf = await h.app.request("/api/v1/nope");
      expect(await nf.json()).toEqual({ error: { code: "not_found", message: "No such endpoint" } });
      expect(nf.headers.get("content-security-policy")).toBeNull();
    });
  });

  describe("CSRF", () => {
    it("refuses a state change without the session's token", async () => {
      expect((await postForm(h, `/klaster/${low}/putusan`, me.cookie, { verdict: "true" })).status).toBe(403);
      expect(
        (await postForm(h, `/klaster/${low}/putusan`, me.cookie, { verdict: "true", _csrf: "x".repeat(43) })).status,
      ).toBe(403);
      // Another session's valid token does not fit this session.
      expect(
        (await postForm(h, `/klaster/${low}/putusan`, me.cookie, { verdict: "true", _csrf: them.csrf })).status,
      ).toBe(403);
      expect((await postForm(h, "/antrean/massal", me.cookie, { aksi: "dismiss", ids: low })).status).toBe(403);
      expect((await forClinic(h.db.db, clinic.tenant.id).getCluster(low))?.status).toBe("new");
    });

    it("refuses a login post without the login form's token", async () => {
      const res = await h.app.request("/masuk", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "admin@ntb.test", password: "kata-sandi-uji" }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie") ?? "").not.toContain("kh_sesi");
    });

    it("accepts the token and records the verdict on every member", async () => {
      const res = await postForm(h, `/klaster/${low}/putusan`, me.cookie, {
        verdict: "true",
        _csrf: me.csrf,
        kembali: "/antrean?q=x",
      });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/antrean?q=x");
      expect(await forClinic(h.db.db, clinic.tenant.id).getCluster(low)).toMatchObject({
        status: "done",
        verdict: "true",
      });
    });
  });

  describe("tenant isolation", () => {
    it("answers 404 for another clinic's claim, page and forms alike", async () => {
      expect((await h.app.request(`/klaster/${foreignCluster}`, { headers: { cookie: me.cookie } })).status).toBe(404);
      const v = await postForm(h, `/klaster/${foreignCluster}/putusan`, me.cookie, {
        verdict: "false",
        _csrf: me.csrf,
      });
      expect(v.status).toBe(404);
      await postForm(h, "/antrean/massal", me.cookie, { aksi: "dismiss", ids: foreignCluster, _csrf: me.csrf });
      expect(await forClinic(h.db.db, other.tenant.id).getCluster(foreignCluster)).toMatchObject({
        status: "new",
        claimed_by: null,
      });
      expect(
        (await postForm(h, `/klaster/${foreignCluster}/catatan`, me.cookie, { isi: "x", _csrf: me.csrf })).status,
      ).toBe(404);
      const editor = await h.app.request(`/klarifikasi/baru?klaster=${foreignCluster}`, {
        headers: { cookie: me.cookie },
      });
      expect(await editor.text()).not.toContain("Klaim rahasia klinik lain");
    });

    it("keeps sources to admins of the clinic", async () => {
      const theirSource = await forClinic(h.db.db, other.tenant.id).createSource({
        kind: "rss",
        name: "Milik Maluku",
        url: "https://contoh.test/m.xml",
        scheduleSec: 300,
      });
      expect((await postForm(h, `/sumber/${theirSource.id}/jeda`, me.cookie, { _csrf: me.csrf })).status).toBe(404);
      expect(await (await h.app.request("/sumber", { headers: { cookie: me.cookie } })).text()).not.toContain(
        "Milik Maluku",
      );
      await createUser(h.db.db, {
        tenantId: clinic.tenant.id,
        email: "analis@ntb.test",
        name: "Analis NTB",
        password: "kata-sandi-uji",
        role: "analyst",
      });
      const analyst = await uiSession(h, "analis@ntb.test");
      expect((await h.app.request("/sumber", { headers: { cookie: analyst.cookie } })).status).toBe(403);
    });

    it("shows a clarification publicly only once published, under its own clinic", async () => {
      const draft = await postForm(h, "/klarifikasi", me.cookie, {
        _csrf: me.csrf,
        aksi: "simpan",
        judul: "[HOAKS] Chip pelacak dalam vaksin",
        isi: "Tidak ada chip.",
        verdict: "false",
        klaster: top,
      });
      expect(draft.status).toBe(303);
      const id = draft.headers.get("location")?.split("/").pop() ?? "";
      expect((await h.app.request(`/k/ntb/klarifikasi/${id}`)).status).toBe(404);
      expect((await h.app.request(`/klarifikasi/${id}`, { headers: { cookie: them.cookie } })).status).toBe(404);
      expect((await postForm(h, `/klarifikasi/${id}/terbitkan`, them.cookie, { _csrf: them.csrf })).status).toBe(404);
      // Publishing asks first: the form without the confirmation shows what will be published.
      const ask = await postForm(h, `/klarifikasi/${id}/terbitkan`, me.cookie, { _csrf: me.csrf });
      expect([ask.status, await ask.text()]).toEqual([200, expect.stringContaining('name="konfirmasi"')]);
      expect((await h.app.request(`/k/ntb/klarifikasi/${id}`)).status).toBe(404);
      const sure = { _csrf: me.csrf, konfirmasi: "ya" };
      expect((await postForm(h, `/klarifikasi/${id}/terbitkan`, me.cookie, sure)).status).toBe(303);
      const pub = await h.app.request(`/k/ntb/klarifikasi/${id}`);
      expect(pub.status).toBe(200);
      expect(await pub.text()).toContain("Chip pelacak dalam vaksin");
      expect((await h.app.request(`/k/maluku/klarifikasi/${id}`)).status).toBe(404);
    });
  });

  describe("escaping", () => {
    it("renders hostile text as text and never links javascript: URLs", async () => {
      const html = await (await h.app.request(`/klaster/${hostile}`, { headers: { cookie: me.cookie } })).text();
      expect(html).toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
      expect(html).toContain("&lt;img src=x onerror=");
      expect(html).not.toContain("<img src=x");
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).toContain("⟦U+202E⟧gpj.exe");
      expect(html).not.toContain("\u202E");
    });
  });
});
