import { forClinic, listAudit } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { postForm, seedClaim, uiSession } from "./ui/support.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

for (const dialect of DIALECTS) {
  describe(`API tokens on ${dialect}`, () => {
    let h: Harness;
    let home: Awaited<ReturnType<typeof createClinic>>;
    let other: Awaited<ReturnType<typeof createClinic>>;
    let clusterId: string;
    const tokens: Record<string, { id: string; token: string }> = {};

    beforeAll(async () => {
      h = await createHarness({}, dialect);
      home = await createClinic(h, "ntb", "admin");
      other = await createClinic(h, "ntt", "admin");
      clusterId = (await seedClaim(h, home.tenant.id, { text: "Klaim NTB", score: 0.8 })).clusterId;
      for (const [name, scopes] of [
        ["dasbor", ["read"]],
        ["bot-wa", ["ingest"]],
        ["terbit", ["publish", "read"]],
      ] as const) {
        const r = await call(h, "POST", "/api/v1/tokens", { body: { name, scopes }, headers: home.auth });
        expect(r.status).toBe(201);
        expect(r.body.token).toMatch(/^khk_[A-Za-z0-9_-]{43}$/);
        tokens[name] = { id: r.body.id, token: r.body.token };
      }
    });
    afterAll(async () => h?.close());

    it("lists tokens with name, scopes, creator and last use, never the secret", async () => {
      await call(h, "GET", "/api/v1/clusters", { headers: bearer(tokens.dasbor?.token ?? "") });
      const r = await call(h, "GET", "/api/v1/tokens", { headers: home.auth });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain("khk_");
      const dasbor = r.body.data.find((t: { name: string }) => t.name === "dasbor");
      expect(dasbor).toMatchObject({
        scopes: ["read"],
        createdBy: { id: home.user.id, name: "admin ntb" },
        lastUsedAt: expect.any(String),
        revokedAt: null,
      });
      expect((await call(h, "GET", "/api/v1/tokens", { headers: other.auth })).body.data).toEqual([]);
      const stored = await h.db.db.selectFrom("api_tokens").select("token_hash").execute();
      expect(stored.map((s) => s.token_hash)).not.toContain(tokens.dasbor?.token);
    });

    it("a read token reads the queue but may not give verdicts, manage people or tokens, or sign out", async () => {
      const read = bearer(tokens.dasbor?.token ?? "");
      expect((await call(h, "GET", "/api/v1/clusters", { headers: read })).status).toBe(200);
      const verdict = await call(h, "POST", `/api/v1/clusters/${clusterId}/verdict`, {
        body: { verdict: "false" },
        headers: read,
      });
      expect(verdict.status).toBe(403);
      expect((await call(h, "GET", "/api/v1/users", { headers: read })).status).toBe(403);
      const more = await call(h, "POST", "/api/v1/tokens", { body: { name: "x", scopes: ["read"] }, headers: read });
      expect(more.status).toBe(403);
      expect((await call(h, "POST", "/api/v1/auth/logout", { headers: read })).status).toBe(403);
      expect((await call(h, "POST", "/api/v1/items", { body: { text: "x" }, headers: read })).status).toBe(403);
    });

    it("an ingest token hands in items that wait for scoring like webhook posts, once each", async () => {
      const ingest = bearer(tokens["bot-wa"]?.token ?? "");
      const one = await call(h, "POST", "/api/v1/items", {
        body: { text: "Pesan berantai: vaksin mengandung chip", url: "https://contoh.id/pesan/1", title: "Chip" },
        headers: ingest,
      });
      expect(one.status).toBe(202);
      expect(one.body).toMatchObject({ accepted: 1, added: 1 });
      const many = await call(h, "POST", "/api/v1/items", {
        body: {
          items: [{ text: "Pesan lain" }, { text: "Pesan ketiga" }, { text: "x", url: "https://contoh.id/pesan/1" }],
        },
        headers: ingest,
      });
      expect(many.body).toMatchObject({ accepted: 3, added: 2 });
      const item = await forClinic(h.db.db, home.tenant.id).getItem(one.body.ids[0]);
      expect(item).toMatchObject({ status: "pending", title: "Chip", url: "https://contoh.id/pesan/1" });
      expect(await forClinic(h.db.db, other.tenant.id).getItem(one.body.ids[0])).toBeUndefined();
      const bad = await call(h, "POST", "/api/v1/items", { body: { text: "" }, headers: ingest });
      expect(bad.status).toBe(400);
      expect((await call(h, "GET", "/api/v1/clusters", { headers: ingest })).status).toBe(403);
      const trail = await listAudit(h.db.db, { clinics: [home.tenant.id], action: "item.ingest", limit: 5 });
      expect(trail[0]).toMatchObject({ actor_label: "token:bot-wa" });
    });

    it("revoking answers 401 from then on; another clinic's token is 404; only admins manage tokens", async () => {
      const id = tokens.terbit?.id ?? "";
      expect((await call(h, "DELETE", `/api/v1/tokens/${id}`, { headers: other.auth })).status).toBe(404);
      const r = await call(h, "DELETE", `/api/v1/tokens/${id}`, { headers: home.auth });
      expect(r.status).toBe(200);
      expect(r.body.revokedAt).toEqual(expect.any(String));
      expect((await call(h, "GET", "/api/v1/clusters", { headers: bearer(tokens.terbit?.token ?? "") })).status).toBe(
        401,
      );
      const trail = await listAudit(h.db.db, { clinics: [home.tenant.id], limit: 50 });
      expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(["token.create", "token.revoke"]));
    });

    it("UI: the token page shows a new token once and revokes with a form", async () => {
      const admin = await uiSession(h, "admin@ntb.test");
      const made = await postForm(h, "/token", admin.cookie, { _csrf: admin.csrf, nama: "Bot <i>", cakupan: "ingest" });
      expect(made.status).toBe(201);
      const html = await made.text();
      const token = /value="(khk_[^"]+)"/.exec(html)?.[1] ?? "";
      expect(token).not.toBe("");
      expect(html).toContain("Bot &lt;i&gt;");
      const page = await (await h.app.request("/token", { headers: { cookie: admin.cookie } })).text();
      expect(page).not.toContain(token);
      const row = (await forClinic(h.db.db, home.tenant.id).listApiTokens()).find((t) => t.name === "Bot <i>");
      const revoke = await postForm(h, `/token/${row?.id}/cabut`, admin.cookie, { _csrf: admin.csrf });
      expect(revoke.status).toBe(303);
      expect((await call(h, "POST", "/api/v1/items", { body: { text: "y" }, headers: bearer(token) })).status).toBe(
        401,
      );
      const foreign = (await forClinic(h.db.db, home.tenant.id).listApiTokens())[0]?.id ?? "";
      const theirs = await uiSession(h, "admin@ntt.test");
      expect((await postForm(h, `/token/${foreign}/cabut`, theirs.cookie, { _csrf: theirs.csrf })).status).toBe(404);
    });
  });
}
