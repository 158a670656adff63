import { createApp, MAX_BODY_BYTES } from "@klinik/api";
import { forClinic } from "@klinik/db";
import { scoreForTest } from "@klinik/db/testing";
import { ClassifyBatcher, createQueues, createRedis } from "@klinik/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness } from "./support/harness.ts";

describe("HTTP contract", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<typeof createClinic>>;
  let analyst: { auth: Record<string, string> };
  let foreign: Awaited<ReturnType<typeof createClinic>>;
  let itemId: string;

  beforeAll(async () => {
    h = await createHarness();
    admin = await createClinic(h, "sulsel", "admin");
    foreign = await createClinic(h, "papua", "admin");
    const a = await call(h, "POST", "/api/v1/auth/login", {
      body: { email: "admin@sulsel.test", password: "kata-sandi-uji" },
    });
    expect(a.status).toBe(200);
    const { createUser, createSession } = await import("@klinik/db");
    const u = await createUser(h.db.db, {
      tenantId: admin.tenant.id,
      email: "analis@sulsel.test",
      name: "Analis",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    analyst = { auth: { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` } };
    const { pendingIds } = await forClinic(h.db.db, admin.tenant.id).insertItems([
      {
        sourceId: null,
        reportId: null,
        dedupKey: "a1",
        externalId: null,
        url: null,
        title: "Judul",
        text: "Isi",
        author: null,
        publishedAt: null,
      },
    ]);
    itemId = pendingIds[0] ?? "";
    await scoreForTest(
      h.db.db,
      admin.tenant.id,
      [{ id: itemId, score: 0.7, reasons: [{ code: "x", label: "x", weight: 1 }] }],
      "v-test",
    );
  });
  afterAll(async () => h?.close());

  describe("happy path", () => {
    it("logs in and the token works", async () => {
      const r = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "ADMIN@sulsel.test ", password: "kata-sandi-uji" },
      });
      expect(r.status).toBe(200);
      expect(r.body.user).toMatchObject({ email: "admin@sulsel.test", role: "admin", tenantId: admin.tenant.id });
      expect(r.body.user.password_hash).toBeUndefined();
      const items = await call(h, "GET", "/api/v1/items", { headers: { authorization: `Bearer ${r.body.token}` } });
      expect(items.status).toBe(200);
      expect(items.body.data[0]).toMatchObject({
        id: itemId,
        score: 0.7,
        status: "new",
        clusterId: expect.any(String),
        modelVersion: "v-test",
      });
    });

    it("reports health of database and Redis", async () => {
      expect(await call(h, "GET", "/health")).toEqual({ status: 200, body: { status: "ok" } });
    });

    it("documents every route in /openapi.json", async () => {
      const r = await call(h, "GET", "/openapi.json");
      expect(r.status).toBe(200);
      expect(r.body.openapi).toMatch(/^3\./);
      for (const p of [
        "/health",
        "/api/v1/auth/login",
        "/api/v1/public/{tenant}/reports",
        "/api/v1/public/{tenant}/clarifications",
        "/api/v1/items",
        "/api/v1/items/{id}",
        "/api/v1/items/{id}/verdict",
        "/api/v1/clarifications",
        "/api/v1/clarifications/{id}/publish",
        "/api/v1/sources",
      ]) {
        expect(r.body.paths[p], p).toBeDefined();
      }
      const report = r.body.paths["/api/v1/public/{tenant}/reports"].post;
      expect(report.requestBody.content["application/json"].schema.required).toEqual(["text"]);
    });

    it("serves interactive docs at /docs from its own files, reading /openapi.json", async () => {
      const page = await h.app.request("/docs");
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('src="/docs/swagger-ui-bundle.js"');
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      const init = await (await h.app.request("/docs/init.js")).text();
      expect(init).toContain('url: "/openapi.json"');
      const bundle = await h.app.request("/docs/swagger-ui-bundle.js");
      expect(bundle.status).toBe(200);
      expect((await bundle.text()).length).toBeGreaterThan(100_000);
      expect((await h.app.request("/docs/..%2Fpackage.json")).status).toBe(404);
    });

    it("lets an admin add and list sources", async () => {
      const r = await call(h, "POST", "/api/v1/sources", {
        headers: admin.auth,
        body: { name: "Antara", url: "https://contoh.test/rss" },
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ kind: "rss", name: "Antara", enabled: true, scheduleSec: 300, lastError: null });
      const dup = await call(h, "POST", "/api/v1/sources", {
        headers: admin.auth,
        body: { name: "Lagi", url: "https://contoh.test/rss" },
      });
      expect(dup.status).toBe(409);
      const list = await call(h, "GET", "/api/v1/sources", { headers: admin.auth });
      expect(list.body.data.map((s: { name: string }) => s.name)).toEqual(["Antara"]);
    });

    it("pages the queue with a cursor", async () => {
      const extra = await forClinic(h.db.db, admin.tenant.id).insertItems(
        [0.1, 0.3, 0.5].map((s, i) => ({
          tenantId: admin.tenant.id,
          sourceId: null,
          reportId: null,
          dedupKey: `p${i}`,
          externalId: null,
          url: null,
          title: null,
          text: `t${s}`,
          author: null,
          publishedAt: null,
        })),
      );
      await scoreForTest(
        h.db.db,
        admin.tenant.id,
        extra.pendingIds.map((id, i) => ({ id, score: [0.1, 0.3, 0.5][i] ?? 0 })),
      );
      const p1 = await call(h, "GET", "/api/v1/items?limit=2", { headers: analyst.auth });
      expect(p1.body.data.map((i: { score: number }) => i.score)).toEqual([0.7, 0.5]);
      const p2 = await call(h, "GET", `/api/v1/items?limit=2&cursor=${p1.body.nextCursor}`, { headers: analyst.auth });
      expect(p2.body.data.map((i: { score: number }) => i.score)).toEqual([0.3, 0.1]);
    });
  });

  describe("errors", () => {
    it("answers bad JSON and bad fields with 400 naming the field", async () => {
      const bad = await call(h, "POST", "/api/v1/public/sulsel/reports", { raw: "{not json" });
      expect(bad).toEqual({ status: 400, body: { error: { code: "invalid_json", message: expect.any(String) } } });
      const empty = await call(h, "POST", "/api/v1/public/sulsel/reports", { body: { text: "   " } });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toMatch(/^text: /);
      const url = await call(h, "POST", "/api/v1/public/sulsel/reports", {
        body: { text: "ok", url: "javascript:alert(1)" },
      });
      expect(url.status).toBe(400);
      expect(url.body.error.message).toMatch(/^url: /);
      const verdict = await call(h, "POST", `/api/v1/items/${itemId}/verdict`, {
        headers: analyst.auth,
        body: { verdict: "hoax" },
      });
      expect(verdict.status).toBe(400);
      expect(verdict.body.error.message).toMatch(/^verdict: /);
      const limit = await call(h, "GET", "/api/v1/items?limit=100000", { headers: analyst.auth });
      expect(limit.status).toBe(400);
      expect(limit.body.error.message).toMatch(/^limit: /);
      const cursor = await call(h, "GET", "/api/v1/items?cursor=bogus", { headers: analyst.auth });
      expect(cursor.status).toBe(400);
    });

    it("answers an oversized body with 413 and keeps what was accepted", async () => {
      const before = await call(h, "GET", "/api/v1/items?limit=200", { headers: analyst.auth });
      const r = await call(h, "POST", "/api/v1/public/sulsel/reports", {
        raw: JSON.stringify({ text: "x".repeat(MAX_BODY_BYTES + 10) }),
      });
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe("payload_too_large");
      const after = await call(h, "GET", "/api/v1/items?limit=200", { headers: analyst.auth });
      expect(after.body.data).toEqual(before.body.data);
    });

    it("answers an unknown clinic with 404", async () => {
      for (const slug of ["tidak-ada", "../sulsel", "SULSEL"]) {
        const r = await call(h, "POST", `/api/v1/public/${encodeURIComponent(slug)}/reports`, { body: { text: "x" } });
        expect(r.status).toBe(404);
        expect(r.body.error.code).toBe("tenant_not_found");
      }
      expect((await call(h, "GET", "/api/v1/public/tidak-ada/clarifications")).status).toBe(404);
    });

    it("answers unknown routes with the same error shape", async () => {
      expect(await call(h, "GET", "/api/v1/nope")).toEqual({
        status: 404,
        body: { error: { code: "not_found", message: "No such endpoint" } },
      });
    });

    it("reports 503 with what is down", async () => {
      const deadRedis = createRedis("redis://127.0.0.1:1", "producer");
      deadRedis.on("error", () => {});
      const queues = createQueues({ connection: deadRedis, prefix: "dead" });
      const app = createApp({
        db: h.db.db,
        dialect: "sqlite",
        redis: deadRedis,
        queues,
        classifyBatcher: new ClassifyBatcher(queues),
        config: h.config,
        logger: h.logger,
      });
      const r = await call({ app }, "GET", "/health");
      expect(r.status).toBe(503);
      expect(Object.keys(r.body.down)).toEqual(["redis"]);
      // A report is still accepted and stored while Redis is down; the sweeper enqueues it later.
      const rep = await call({ app }, "POST", "/api/v1/public/sulsel/reports", {
        body: { text: "Redis mati, laporan tetap masuk" },
      });
      expect(rep.status).toBe(202);
      deadRedis.disconnect();
    });
  });

  describe("security", () => {
    it("rejects missing, malformed and wrong tokens with 401", async () => {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: "Bearer" },
        { authorization: "Basic abc" },
        { authorization: "Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
      ]) {
        const r = await call(h, "GET", "/api/v1/items", { headers });
        expect(r.status).toBe(401);
        expect(r.body.error.code).toBe("unauthorized");
      }
      const wrong = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "admin@sulsel.test", password: "salah" },
      });
      expect(wrong.status).toBe(401);
      const unknown = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "siapa@sulsel.test", password: "salah" },
      });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
    });

    it("slows down guessing one email from one address, even with the right password", async () => {
      const email = "analis@sulsel.test";
      // Five wrong passwords are answered as such; then each next attempt must wait, right password or not.
      for (let i = 0; i < 5; i++) {
        expect((await call(h, "POST", "/api/v1/auth/login", { body: { email, password: `salah-${i}` } })).status).toBe(
          401,
        );
      }
      const blocked = await h.app.request("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "kata-sandi-uji" }),
      });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe("too_many_attempts");
      // Other accounts are not affected.
      const other = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "admin@sulsel.test", password: "kata-sandi-uji" },
      });
      expect(other.status).toBe(200);
    });

    it("limits public reports per client address with 429 and Retry-After", async () => {
      const limited = createApp({
        db: h.db.db,
        dialect: "sqlite",
        redis: h.redis,
        queues: h.queues,
        classifyBatcher: new ClassifyBatcher(h.queues),
        // Limits live in Redis under the prefix: a prefix of its own keeps earlier reports out of the count.
        config: { ...h.config, PUBLIC_RATE_LIMIT_PER_MIN: 60, QUEUE_PREFIX: `${h.config.QUEUE_PREFIX}-limited` },
        logger: h.logger,
      });
      const post = () =>
        limited.request("/api/v1/public/sulsel/reports", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text: "laporan berulang" }),
        });
      // 60 a minute, at most 10 in any 10 s (so no 2× burst across a window boundary).
      for (let i = 0; i < 10; i++) expect((await post()).status).toBe(202);
      const res = await post();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    });

    it("never shows another clinic's item: 404, not 403", async () => {
      expect((await call(h, "GET", `/api/v1/items/${itemId}`, { headers: foreign.auth })).status).toBe(404);
      const v = await call(h, "POST", `/api/v1/items/${itemId}/verdict`, {
        headers: foreign.auth,
        body: { verdict: "false" },
      });
      expect(v.status).toBe(404);
      const c = await call(h, "POST", "/api/v1/clarifications", {
        headers: foreign.auth,
        body: { title: "t", body: "b", verdict: "false", itemIds: [itemId] },
      });
      expect(c.status).toBe(400);
      expect((await call(h, "GET", "/api/v1/items", { headers: foreign.auth })).body.data).toEqual([]);
      expect((await call(h, "GET", `/api/v1/items/${itemId}`, { headers: admin.auth })).status).toBe(200);
    });

    it("keeps sources for admins", async () => {
      expect((await call(h, "GET", "/api/v1/sources", { headers: analyst.auth })).status).toBe(403);
      expect(
        (
          await call(h, "POST", "/api/v1/sources", {
            headers: analyst.auth,
            body: { name: "x", url: "https://x.test" },
          })
        ).status,
      ).toBe(403);
      await forClinic(h.db.db, foreign.tenant.id).createSource({
        kind: "rss",
        name: "Milik Papua",
        url: "https://papua.test/rss",
        scheduleSec: 300,
      });
      const mine = await call(h, "GET", "/api/v1/sources", { headers: admin.auth });
      expect(mine.body.data.map((s: { name: string }) => s.name)).not.toContain("Milik Papua");
    });

    it("sends security headers", async () => {
      const res = await h.app.request("/health");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    });
  });
});
