import { createTenant, forClinic, listAudit } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { smtpSink } from "./support/smtp-sink.ts";
import { postForm, seedClaim, uiSession } from "./ui/support.ts";

const STRONG = "gunung-kopi-sepeda-hujan";
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const tokenOf = (url: string) => url.split("/").at(-1) ?? "";
/** The text of a quoted-printable body (soft breaks joined, =XX bytes decoded as UTF-8). */
const quotedPrintable = (s: string) =>
  Buffer.from(
    s.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
    "latin1",
  ).toString("utf8");

for (const dialect of DIALECTS) {
  describe(`people and sign-in on ${dialect}`, () => {
    let h: Harness;
    let home: Awaited<ReturnType<typeof createClinic>>;
    let other: Awaited<ReturnType<typeof createClinic>>;

    beforeAll(async () => {
      h = await createHarness({ SESSION_IDLE_MINUTES: "5", PUBLIC_BASE_URL: "https://klinik.contoh.id" }, dialect);
      home = await createClinic(h, "jabar", "admin");
      other = await createClinic(h, "jatim", "admin");
      await seedClaim(h, home.tenant.id, { text: "Klaim milik Jabar", score: 0.9 });
      await seedClaim(h, other.tenant.id, { text: "Klaim milik Jatim", score: 0.9 });
    });
    afterAll(async () => h?.close());

    const invite = (clinicId: string, body: Record<string, string>, auth = home.auth) =>
      call(h, "POST", `/api/v1/clinics/${clinicId}/invites`, { body, headers: auth });
    const accept = (token: string, password: string) =>
      call(h, "POST", `/api/v1/auth/invites/${token}`, { body: { password } });

    it("invite → accept → signed in, and the new analyst sees only their clinic's queue", async () => {
      const inv = await invite(home.tenant.id, { email: "Sari@Jabar.test", name: "Sari", role: "analyst" });
      expect(inv.status).toBe(201);
      expect(inv.body.inviteUrl).toMatch(/^https:\/\/klinik\.contoh\.id\/undangan\/[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(inv.body.expiresAt) - Date.now()).toBeGreaterThan(71 * 3600_000);
      expect(inv.body.emailed).toBe(false);
      // Only the hash of the token is stored.
      const stored = await h.db.db.selectFrom("one_time_links").selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(tokenOf(inv.body.inviteUrl));

      const weak = await accept(tokenOf(inv.body.inviteUrl), "sari12345");
      expect(weak.status).toBe(400);
      expect(weak.body.error.code).toBe("weak_password");
      const guessable = await accept(tokenOf(inv.body.inviteUrl), "sari@jabar.test2026");
      expect(guessable.body.error.code).toBe("weak_password");

      const ok = await accept(tokenOf(inv.body.inviteUrl), STRONG);
      expect(ok.status).toBe(200);
      expect(ok.body.user).toMatchObject({ email: "sari@jabar.test", name: "Sari", role: "analyst" });
      const queue = await call(h, "GET", "/api/v1/clusters", { headers: bearer(ok.body.token) });
      expect(queue.status).toBe(200);
      expect(queue.body.data.map((c: { title: string; excerpt: string }) => c.excerpt ?? c.title)).toEqual([
        expect.stringContaining("Jabar"),
      ]);
      const login = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "sari@jabar.test", password: STRONG },
      });
      expect(login.status).toBe(200);
    });

    it("refuses used, expired and unknown links alike", async () => {
      const inv = await invite(home.tenant.id, { email: "budi@jabar.test", name: "Budi", role: "viewer" });
      const token = tokenOf(inv.body.inviteUrl);
      expect((await accept(token, STRONG)).status).toBe(200);
      const used = await accept(token, STRONG);
      const unknown = await accept("x".repeat(43), STRONG);
      const late = await invite(home.tenant.id, { email: "lambat@jabar.test", name: "Lambat", role: "viewer" });
      await h.db.db
        .updateTable("one_time_links")
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where("email", "=", "lambat@jabar.test")
        .execute();
      const expired = await accept(tokenOf(late.body.inviteUrl), STRONG);
      for (const r of [used, unknown, expired]) {
        expect(r.status).toBe(410);
        expect(r.body.error.code).toBe("link_unusable");
      }
      expect(used.body.error.message).toBe(expired.body.error.message);
    });

    it("invitations: email in use 409, another clinic 404 for an admin, analysts 403, the operator anywhere", async () => {
      expect((await invite(home.tenant.id, { email: "admin@jatim.test", name: "X", role: "analyst" })).status).toBe(
        409,
      );
      expect((await invite(other.tenant.id, { email: "baru@jatim.test", name: "X", role: "analyst" })).status).toBe(
        404,
      );
      const sari = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "sari@jabar.test", password: STRONG },
      });
      const byAnalyst = await invite(
        home.tenant.id,
        { email: "x@jabar.test", name: "X", role: "admin" },
        bearer(sari.body.token),
      );
      expect(byAnalyst.status).toBe(403);

      // The operator invites the first admin of a dormant regency, which becomes active.
      await h.db.db.updateTable("users").set({ operator: 1 }).where("id", "=", other.user.id).execute();
      const dormant = await createTenant(h.db.db, { slug: "bogor", name: "Klinik Bogor", status: "dormant" });
      const inv = await invite(
        dormant.id,
        { email: "admin@bogor.test", name: "Admin Bogor", role: "admin" },
        other.auth,
      );
      expect(inv.status).toBe(201);
      expect((await accept(tokenOf(inv.body.inviteUrl), STRONG)).status).toBe(200);
      const row = await h.db.db.selectFrom("tenants").select("status").where("id", "=", dormant.id).executeTakeFirst();
      expect(row?.status).toBe("active");
      const trail = await listAudit(h.db.db, { clinics: [dormant.id], limit: 20 });
      expect(trail.map((a) => a.action)).toEqual(
        expect.arrayContaining(["user.invite", "user.join", "clinic.activate", "auth.login"]),
      );
    });

    it("lists open invitations and withdraws one: its link stops working; another clinic's answers 404", async () => {
      const inv = await invite(home.tenant.id, { email: "salah-ketik@jabar.test", name: "Typo", role: "analyst" });
      const open = await call(h, "GET", "/api/v1/users/invites", { headers: home.auth });
      const row = open.body.data.find((i: { email: string }) => i.email === "salah-ketik@jabar.test");
      expect(row).toMatchObject({ role: "analyst", createdBy: home.user.id, expiresAt: inv.body.expiresAt });
      expect((await call(h, "GET", "/api/v1/users/invites", { headers: other.auth })).body.data).toEqual([]);
      expect((await call(h, "DELETE", `/api/v1/users/invites/${row.id}`, { headers: other.auth })).status).toBe(404);
      const gone = await call(h, "DELETE", `/api/v1/users/invites/${row.id}`, { headers: home.auth });
      expect(gone.status).toBe(200);
      expect((await accept(tokenOf(inv.body.inviteUrl), STRONG)).status).toBe(410);
      expect((await call(h, "DELETE", `/api/v1/users/invites/${row.id}`, { headers: home.auth })).status).toBe(404);

      // The people page lists the open ones and withdraws with a form.
      const again = await invite(home.tenant.id, { email: "tarik@jabar.test", name: "Tarik", role: "viewer" });
      const admin = await uiSession(h, "admin@jabar.test");
      const html = await (await h.app.request("/orang", { headers: { cookie: admin.cookie } })).text();
      const action = /action="(\/orang\/undangan\/[0-9a-f]{64}\/tarik)"/.exec(html)?.[1] ?? "";
      expect(html).toContain("tarik@jabar.test");
      expect((await postForm(h, action, admin.cookie, { _csrf: admin.csrf })).status).toBe(303);
      expect((await accept(tokenOf(again.body.inviteUrl), STRONG)).status).toBe(410);
      const trail = await listAudit(h.db.db, { clinics: [home.tenant.id], action: "user.invite_withdraw", limit: 5 });
      expect(trail.map((a) => a.target_id)).toEqual(["tarik@jabar.test", "salah-ketik@jabar.test"]);
    });

    it("an admin changes a colleague's role, not their own", async () => {
      const sari = (await forClinic(h.db.db, home.tenant.id).listPeople()).find((p) => p.email === "sari@jabar.test");
      const to = (id: string, role: string) =>
        call(h, "POST", `/api/v1/users/${id}/role`, { body: { role }, headers: home.auth });
      expect((await to(sari?.id ?? "", "publisher")).body).toEqual({ id: sari?.id, role: "publisher" });
      expect((await to(home.user.id, "viewer")).status).toBe(409);
      expect((await to(other.user.id, "viewer")).status).toBe(404);
      const trail = await listAudit(h.db.db, { clinics: [home.tenant.id], action: "user.role", limit: 5 });
      expect(JSON.parse(trail[0]?.summary ?? "{}")).toMatchObject({
        before: { role: "analyst" },
        after: { role: "publisher" },
      });
      await to(sari?.id ?? "", "analyst");
    });

    it("lists the clinic's people with role, state, two-factor and last sign-in", async () => {
      const r = await call(h, "GET", "/api/v1/users", { headers: home.auth });
      expect(r.status).toBe(200);
      const sari = r.body.data.find((p: { email: string }) => p.email === "sari@jabar.test");
      expect(sari).toMatchObject({ role: "analyst", active: true, totp: false, lastLoginAt: expect.any(String) });
      expect(r.body.data.map((p: { email: string }) => p.email)).not.toContain("admin@jatim.test");
    });

    it("deactivation stops the person's API session, UI session and tokens at once", async () => {
      const inv = await invite(home.tenant.id, { email: "dewi@jabar.test", name: "Dewi", role: "admin" });
      const dewi = await accept(tokenOf(inv.body.inviteUrl), STRONG);
      const ui = await uiSession(h, "dewi@jabar.test", STRONG);
      const made = await call(h, "POST", "/api/v1/tokens", {
        body: { name: "bot", scopes: ["read"] },
        headers: bearer(dewi.body.token),
      });
      expect(made.status).toBe(201);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(made.body.token) })).status).toBe(200);

      expect((await call(h, "POST", `/api/v1/users/${home.user.id}/deactivate`, { headers: home.auth })).status).toBe(
        409,
      );
      expect((await call(h, "POST", `/api/v1/users/${other.user.id}/deactivate`, { headers: home.auth })).status).toBe(
        404,
      );
      const off = await call(h, "POST", `/api/v1/users/${dewi.body.user.id}/deactivate`, { headers: home.auth });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ active: false, tokens: 1 });
      expect(off.body.sessions).toBeGreaterThanOrEqual(2);

      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(dewi.body.token) })).status).toBe(401);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(made.body.token) })).status).toBe(401);
      const page = await h.app.request("/antrean", { headers: { cookie: ui.cookie, accept: "text/html" } });
      expect(page.status).toBe(303);
      expect(page.headers.get("location")).toMatch(/^\/masuk/);
      const again = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "dewi@jabar.test", password: STRONG },
      });
      expect(again.status).toBe(401);
      const trail = await listAudit(h.db.db, { clinics: [home.tenant.id], action: "user.deactivate", limit: 5 });
      expect(trail[0]).toMatchObject({ actor_id: home.user.id, target_id: dewi.body.user.id });

      // Reactivated, they sign in again; what ended stays ended.
      const back = await call(h, "POST", `/api/v1/users/${dewi.body.user.id}/reactivate`, { headers: home.auth });
      expect(back.body).toEqual({ id: dewi.body.user.id, active: true });
      const foreign = await call(h, "POST", `/api/v1/users/${other.user.id}/reactivate`, { headers: home.auth });
      expect(foreign.status).toBe(404);
      const signIn = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "dewi@jabar.test", password: STRONG },
      });
      expect(signIn.status).toBe(200);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(made.body.token) })).status).toBe(401);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(dewi.body.token) })).status).toBe(401);
      const reactivated = await listAudit(h.db.db, { clinics: [home.tenant.id], action: "user.reactivate", limit: 5 });
      expect(reactivated).toHaveLength(1);
      await call(h, "POST", `/api/v1/users/${dewi.body.user.id}/deactivate`, { headers: home.auth });
    });

    it("a reset link works once, ends the person's sessions and lets them in with the new password", async () => {
      const sari = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "sari@jabar.test", password: STRONG },
      });
      const sariId = sari.body.user.id;
      expect((await call(h, "POST", `/api/v1/users/${other.user.id}/reset`, { headers: home.auth })).status).toBe(404);
      const link = await call(h, "POST", `/api/v1/users/${sariId}/reset`, { headers: home.auth });
      expect(link.status).toBe(201);
      expect(link.body.resetUrl).toMatch(/^https:\/\/klinik\.contoh\.id\/atur-sandi\//);
      const token = tokenOf(link.body.resetUrl);
      const next = "sungai-lampu-kertas-merah";
      const used = await call(h, "POST", `/api/v1/auth/resets/${token}`, { body: { password: next } });
      expect(used.status).toBe(200);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(sari.body.token) })).status).toBe(401);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(used.body.token) })).status).toBe(200);
      expect((await call(h, "POST", `/api/v1/auth/resets/${token}`, { body: { password: next } })).status).toBe(410);
      const old = await call(h, "POST", "/api/v1/auth/login", { body: { email: "sari@jabar.test", password: STRONG } });
      expect(old.status).toBe(401);
      const fresh = await call(h, "POST", "/api/v1/auth/login", { body: { email: "sari@jabar.test", password: next } });
      expect(fresh.status).toBe(200);
      await call(h, "POST", "/api/v1/auth/password", {
        body: { current: next, next: STRONG },
        headers: bearer(fresh.body.token),
      });
    });

    it("changing the password ends the other sessions only, and the policy applies", async () => {
      const a = await call(h, "POST", "/api/v1/auth/login", { body: { email: "sari@jabar.test", password: STRONG } });
      const b = await call(h, "POST", "/api/v1/auth/login", { body: { email: "sari@jabar.test", password: STRONG } });
      const change = (body: unknown) =>
        call(h, "POST", "/api/v1/auth/password", { body, headers: bearer(a.body.token) });
      expect((await change({ current: "salah-sekali-ini", next: "awan-biru-tinggi-sekali" })).status).toBe(400);
      expect((await change({ current: STRONG, next: "1234567890" })).body.error.code).toBe("weak_password");
      const r = await change({ current: STRONG, next: "awan-biru-tinggi-sekali" });
      expect(r.status).toBe(200);
      expect(r.body.endedSessions).toBeGreaterThanOrEqual(1);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(a.body.token) })).status).toBe(200);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(b.body.token) })).status).toBe(401);
      const sessions = await call(h, "GET", "/api/v1/auth/sessions", { headers: bearer(a.body.token) });
      expect(sessions.body.data).toEqual([expect.objectContaining({ current: true })]);
    });

    it("a session idle longer than SESSION_IDLE_MINUTES ends; sign out everywhere ends them all", async () => {
      const a = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "sari@jabar.test", password: "awan-biru-tinggi-sekali" },
      });
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(a.body.token) })).status).toBe(200);
      const sixMinutesAgo = new Date(Date.now() - 6 * 60_000).toISOString();
      await h.db.db.updateTable("sessions").set({ last_seen_at: sixMinutesAgo }).execute();
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(a.body.token) })).status).toBe(401);

      const b = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "sari@jabar.test", password: "awan-biru-tinggi-sekali" },
      });
      const c = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "sari@jabar.test", password: "awan-biru-tinggi-sekali" },
      });
      const all = await call(h, "POST", "/api/v1/auth/sessions/end-all", { headers: bearer(b.body.token) });
      expect(all.status).toBe(200);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(b.body.token) })).status).toBe(401);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(c.body.token) })).status).toBe(401);
    });

    it("records every sign-in attempt, with its address, and each change", async () => {
      await call(h, "POST", "/api/v1/auth/login", { body: { email: "tidak-ada@jabar.test", password: "apa saja" } });
      await call(h, "POST", "/api/v1/auth/login", { body: { email: "sari@jabar.test", password: "salah" } });
      const all = await listAudit(h.db.db, { clinics: "all", limit: 500 });
      const unknown = all.find((a) => a.action === "auth.login_failed" && a.actor_label === "tidak-ada@jabar.test");
      expect(unknown).toMatchObject({ tenant_id: null, address: expect.any(String) });
      const wrong = all.find((a) => a.action === "auth.login_failed" && a.actor_label === "sari@jabar.test");
      expect(wrong?.tenant_id).toBe(home.tenant.id);
      expect(JSON.parse(wrong?.summary ?? "{}")).toEqual({ reason: "password" });
      const actions = new Set(all.filter((a) => a.tenant_id === home.tenant.id).map((a) => a.action));
      for (const a of [
        "user.invite",
        "user.join",
        "auth.login",
        "auth.login_failed",
        "user.deactivate",
        "user.reset_link",
        "user.password_reset",
        "user.password_change",
        "user.password_change_failed",
        "auth.logout_all",
        "token.create",
      ]) {
        expect(actions, a).toContain(a);
      }
    });

    it("UI: the people page invites and shows the link once; the link's page sets the password and signs in", async () => {
      const admin = await uiSession(h, "admin@jabar.test");
      const list = await (await h.app.request("/orang", { headers: { cookie: admin.cookie } })).text();
      expect(list).toContain("sari@jabar.test");
      expect(list).toContain("Orang di klinik ini");
      const english = await (await h.app.request("/orang?lang=en", { headers: { cookie: admin.cookie } })).text();
      expect(english).toContain("People of this clinic");
      expect(english).toContain("Invite a person");
      expect(list).not.toContain("admin@jatim.test");
      const made = await postForm(h, "/orang/undang", admin.cookie, {
        _csrf: admin.csrf,
        email: "eko@jabar.test",
        nama: "Eko <b>",
        peran: "publisher",
      });
      expect(made.status).toBe(201);
      const html = await made.text();
      const url = /value="(https:\/\/klinik\.contoh\.id\/undangan\/[^"]+)"/.exec(html)?.[1] ?? "";
      expect(url).not.toBe("");
      const path = new URL(url).pathname;

      const form = await h.app.request(path);
      expect(form.status).toBe(200);
      const formHtml = await form.text();
      expect(formHtml).toContain("Eko &lt;b&gt;");
      expect(formHtml).toContain("Minimal 10 karakter");
      const formCookie = /kh_tautan=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1] ?? "";
      const post = (fields: Record<string, string>) =>
        postForm(h, path, `kh_tautan=${formCookie}`, { _csrf: formCookie, ...fields });
      expect((await postForm(h, path, "", { sandi: STRONG, ulangi: STRONG })).status).toBe(403);
      const weak = await post({ sandi: "eko1234567", ulangi: "eko1234567" });
      expect(weak.status).toBe(400);
      expect(await weak.text()).toContain("terlalu mudah ditebak");
      const done = await post({ sandi: STRONG, ulangi: STRONG });
      expect(done.status).toBe(303);
      expect(done.headers.get("set-cookie")).toMatch(/kh_sesi=/);
      expect((await h.app.request(path)).status).toBe(410);
    });

    it("UI: deactivation asks first; another clinic's person answers 404", async () => {
      const admin = await uiSession(h, "admin@jabar.test");
      const eko = await forClinic(h.db.db, home.tenant.id).listPeople();
      const id = eko.find((p) => p.email === "eko@jabar.test")?.id ?? "";
      const ask = await h.app.request(`/orang/${id}/nonaktifkan`, { headers: { cookie: admin.cookie } });
      expect(ask.status).toBe(200);
      expect(await ask.text()).toContain("Ya, nonaktifkan");
      const foreign = await postForm(h, `/orang/${other.user.id}/nonaktifkan`, admin.cookie, { _csrf: admin.csrf });
      expect(foreign.status).toBe(404);
      const off = await postForm(h, `/orang/${id}/nonaktifkan`, admin.cookie, { _csrf: admin.csrf });
      expect(off.status).toBe(303);
      expect((await forClinic(h.db.db, home.tenant.id).getPerson(id))?.active).toBe(0);
    });

    it("emails the invitation when SMTP_URL is set (Indonesian first, English below)", async () => {
      const sink = await smtpSink();
      const mailing = await createHarness({ SMTP_URL: sink.url, PUBLIC_BASE_URL: "https://klinik.contoh.id" }, dialect);
      try {
        const clinic = await createClinic(mailing, "banten", "admin");
        const inv = await call(mailing, "POST", `/api/v1/clinics/${clinic.tenant.id}/invites`, {
          body: { email: "rudi@banten.test", name: "Rudi", role: "analyst" },
          headers: clinic.auth,
        });
        expect(inv.body.emailed).toBe(true);
        expect(sink.mails).toHaveLength(1);
        const mail = sink.mails[0] && { ...sink.mails[0], data: quotedPrintable(sink.mails[0].data) };
        expect(mail?.to).toEqual(["<rudi@banten.test>"]);
        expect(mail?.data).toContain(inv.body.inviteUrl);
        expect(mail?.data).toMatch(/^Subject: .*Undangan/m);
        expect(mail?.data.indexOf("Anda diundang")).toBeLessThan(mail?.data.indexOf("you have been invited") ?? 0);
      } finally {
        await mailing.close();
        await sink.close();
      }
    });
  });
}
