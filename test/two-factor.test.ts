import { listAudit } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { totp, wrongCode } from "./support/totp.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const PASSWORD = "kata-sandi-uji";

/** The login form's double-submit cookie, then the first step. */
async function uiLogin(h: Harness, email: string, password: string) {
  const form = await h.app.request("/masuk");
  const loginCookie = /kh_masuk=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1] ?? "";
  const post = (path: string, fields: Record<string, string>) =>
    h.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `kh_masuk=${loginCookie}` },
      body: new URLSearchParams({ _csrf: loginCookie, lanjut: "/antrean", ...fields }),
    });
  return { first: await post("/masuk", { email, password }), post };
}

for (const dialect of DIALECTS) {
  describe(`two-factor sign-in on ${dialect}`, () => {
    let h: Harness;
    let home: Awaited<ReturnType<typeof createClinic>>;
    let secret = "";

    beforeAll(async () => {
      h = await createHarness({}, dialect);
      home = await createClinic(h, "riau", "analyst");
    });
    afterAll(async () => h?.close());

    const login = (body: Record<string, string>) =>
      call(h, "POST", "/api/v1/auth/login", { body: { email: "analyst@riau.test", password: PASSWORD, ...body } });

    it("sets up with a server-made secret and turns on with a right code only", async () => {
      const setup = await call(h, "POST", "/api/v1/auth/totp/setup", { headers: home.auth });
      expect(setup.status).toBe(200);
      secret = setup.body.secret;
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Klinik%20Hoaks:analyst%40riau\.test\?secret=/);
      expect(setup.body.qrSvg).toMatch(/^<svg[^>]*>/);
      const state = await call(h, "GET", "/api/v1/auth/totp", { headers: home.auth });
      expect(state.body).toMatchObject({ enabled: false, required: false, pending: { secret } });
      // Not on yet: signing in still needs no code.
      expect((await login({})).status).toBe(200);
      const wrong = await call(h, "POST", "/api/v1/auth/totp/confirm", {
        body: { code: wrongCode(secret) },
        headers: home.auth,
      });
      expect(wrong.status).toBe(400);
      const right = await call(h, "POST", "/api/v1/auth/totp/confirm", {
        body: { code: totp(secret) },
        headers: home.auth,
      });
      expect(right.status).toBe(200);
      expect((await call(h, "GET", "/api/v1/auth/totp", { headers: home.auth })).body).toEqual({
        enabled: true,
        required: false,
      });
    });

    it("API login then needs the code: missing → otp_required, wrong → invalid_credentials, right → a session", async () => {
      const missing = await login({});
      expect(missing.status).toBe(401);
      expect(missing.body.error.code).toBe("otp_required");
      const wrong = await login({ otp: wrongCode(secret) });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe("invalid_credentials");
      const bad = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "analyst@riau.test", password: "salah-sekali", otp: totp(secret) },
      });
      expect(bad.body.error.code).toBe("invalid_credentials");
      const code = totp(secret);
      const right = await login({ otp: code });
      expect(right.status).toBe(200);
      expect(right.body.user.totp).toBe(true);
      // A code signs in once: an overheard one is already spent.
      const replay = await login({ otp: code });
      expect([replay.status, replay.body.error.code]).toEqual([401, "invalid_credentials"]);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(right.body.token) })).status).toBe(200);
    });

    it("UI login asks for the code in a second step; a wrong code may be tried again", async () => {
      const { first, post } = await uiLogin(h, "analyst@riau.test", PASSWORD);
      expect(first.status).toBe(200);
      expect(first.headers.get("set-cookie") ?? "").not.toContain("kh_sesi=");
      const html = await first.text();
      expect(html).toContain("Kode verifikasi");
      expect(html).not.toContain(PASSWORD);
      const challenge = /name="tantangan" value="([^"]+)"/.exec(html)?.[1] ?? "";
      const wrong = await post("/masuk/kode", { tantangan: challenge, kode: wrongCode(secret) });
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toContain("Kode salah");
      // The next step's code (accepted for clock drift): the API test spent this step's.
      const next = totp(secret, Date.now() + 30_000);
      const right = await post("/masuk/kode", { tantangan: challenge, kode: next });
      expect(right.status).toBe(303);
      expect(right.headers.get("set-cookie")).toMatch(/kh_sesi=/);
      // One challenge, one session.
      expect(
        (await post("/masuk/kode", { tantangan: challenge, kode: totp(secret, Date.now() - 30_000) })).status,
      ).toBe(401);
    });

    it("wrong codes go through the login throttle and are audited", async () => {
      let status = 0;
      for (let i = 0; i < 10 && status !== 429; i++) status = (await login({ otp: wrongCode(secret) })).status;
      expect(status).toBe(429);
      const trail = await listAudit(h.db.db, { clinics: [home.tenant.id], limit: 100 });
      const otp = trail.filter((a) => a.summary?.includes('"otp"'));
      expect(otp.map((a) => a.action)).toEqual(expect.arrayContaining(["auth.login_failed", "auth.login_throttled"]));
      expect(trail.map((a) => a.action)).toEqual(
        expect.arrayContaining(["user.totp_setup", "user.totp_enable", "auth.login_otp_asked", "auth.login"]),
      );
      // This test's throttle only (its own key prefix), so the next tests start unthrottled.
      const keys = await h.redis.keys(`${h.config.QUEUE_PREFIX}:login*`);
      if (keys.length) await h.redis.del(...keys);
    });

    it("a clinic that requires two-factor limits a person without it to setting it up", async () => {
      const rina = await createClinic(h, "kepri", "analyst");
      await h.db.db.updateTable("tenants").set({ require_totp: 1 }).where("id", "=", rina.tenant.id).execute();
      expect((await call(h, "GET", "/api/v1/clusters", { headers: rina.auth })).status).toBe(403);
      const state = await call(h, "GET", "/api/v1/auth/totp", { headers: rina.auth });
      expect(state.body).toMatchObject({ enabled: false, required: true });
      const { first } = await uiLogin(h, "analyst@kepri.test", PASSWORD);
      const cookie = /kh_sesi=([^;]+)/.exec(first.headers.get("set-cookie") ?? "")?.[1] ?? "";
      const queue = await h.app.request("/antrean", { headers: { cookie: `kh_sesi=${cookie}`, accept: "text/html" } });
      expect(queue.status).toBe(303);
      expect(queue.headers.get("location")).toBe("/akun#dua-langkah");
      const account = await h.app.request("/akun", { headers: { cookie: `kh_sesi=${cookie}` } });
      expect(await account.text()).toContain("mewajibkan verifikasi dua langkah");

      const s = (await call(h, "POST", "/api/v1/auth/totp/setup", { headers: rina.auth })).body.secret;
      await call(h, "POST", "/api/v1/auth/totp/confirm", { body: { code: totp(s) }, headers: rina.auth });
      expect((await call(h, "GET", "/api/v1/clusters", { headers: rina.auth })).status).toBe(200);
      const off = await call(h, "POST", "/api/v1/auth/totp/disable", {
        body: { password: PASSWORD, code: totp(s) },
        headers: rina.auth,
      });
      expect(off.status).toBe(409);
    });

    it("turns off with password and code; a reset link clears it too", async () => {
      const noPass = await call(h, "POST", "/api/v1/auth/totp/disable", {
        body: { password: "salah-sekali", code: totp(secret) },
        headers: home.auth,
      });
      expect(noPass.status).toBe(400);
      const off = await call(h, "POST", "/api/v1/auth/totp/disable", {
        body: { password: PASSWORD, code: totp(secret) },
        headers: home.auth,
      });
      expect(off.status).toBe(200);
      expect((await login({})).status).toBe(200);

      // On again, then an admin's reset link: the person sets a password and two-factor is off.
      secret = (await call(h, "POST", "/api/v1/auth/totp/setup", { headers: home.auth })).body.secret;
      await call(h, "POST", "/api/v1/auth/totp/confirm", { body: { code: totp(secret) }, headers: home.auth });
      await h.db.db.updateTable("users").set({ role: "admin" }).where("id", "=", home.user.id).execute();
      const link = await call(h, "POST", `/api/v1/users/${home.user.id}/reset`, { headers: home.auth });
      expect(link.status).toBe(201);
      const token = link.body.resetUrl.split("/").at(-1);
      const used = await call(h, "POST", `/api/v1/auth/resets/${token}`, {
        body: { password: "lautan-teduh-bintang-pagi" },
      });
      expect(used.body.user.totp).toBe(false);
      const after = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "analyst@riau.test", password: "lautan-teduh-bintang-pagi" },
      });
      expect(after.status).toBe(200);
    });
  });
}
