import { Writable } from "node:stream";
import { createApp } from "@klinik/api";
import { loadConfig } from "@klinik/config";
import { createUser } from "@klinik/db";
import { ClassifyBatcher } from "@klinik/queue";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "./support/harness.ts";
import { uiSession } from "./ui/support.ts";

/** The harness's app again, logging into `lines` with the given settings. */
function appLoggingTo(h: Harness, lines: Record<string, unknown>[], env: Record<string, string> = {}) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split("\n")) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  const config = loadConfig({ DATABASE_URL: h.db.url, QUEUE_PREFIX: h.config.QUEUE_PREFIX, ...env });
  return createApp({
    db: h.db.db,
    dialect: h.db.dialect,
    redis: h.redis,
    queues: h.queues,
    classifyBatcher: new ClassifyBatcher(h.queues),
    config,
    logger: pino({ level: "info" }, sink),
  });
}

describe("access log", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it("writes one line per request with the route pattern, never tokens, cookies or query strings", async () => {
    const lines: Record<string, unknown>[] = [];
    const app = appLoggingTo(h, lines, { TRUST_PROXY: "1" });
    const token = "undangan-rahasia-0123456789abcdef";
    const res = await app.request(`/undangan/${token}?kode=rahasia-juga`, {
      headers: {
        authorization: "Bearer bearer-rahasia-0123456789abcdef",
        cookie: "kh_sesi=cookie-rahasia-0123456789abcdef",
        "x-forwarded-for": "198.51.100.7, 203.0.113.9",
        "x-request-id": "req-from-proxy-42",
      },
    });
    await app.request("/api/v1/items/some-item-id-123", { method: "GET" });
    const http = lines.filter((l) => l.msg === "http");
    expect(http).toHaveLength(2);
    expect(http[0]).toMatchObject({
      method: "GET",
      route: "/undangan/:token",
      status: res.status,
      addr: "203.0.113.9",
      req: "req-from-proxy-42",
      level: 30,
    });
    expect(typeof http[0]?.ms).toBe("number");
    expect(res.headers.get("x-request-id")).toBe("req-from-proxy-42");
    expect(http[1]).toMatchObject({ route: "/api/v1/items/:id", status: 401 });
    // A request id of our own when the client's is not one.
    expect(http[1]?.req).toMatch(/^[0-9a-f-]{36}$/);
    const all = JSON.stringify(lines);
    for (const secret of [
      token,
      "rahasia-juga",
      "bearer-rahasia",
      "cookie-rahasia",
      "some-item-id-123",
      "198.51.100.7",
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  it("follows ACCESS_LOG_LEVEL: silent writes nothing, debug stays under an info logger", async () => {
    for (const level of ["silent", "debug"]) {
      const lines: Record<string, unknown>[] = [];
      await appLoggingTo(h, lines, { ACCESS_LOG_LEVEL: level }).request("/health");
      expect([level, lines.filter((l) => l.msg === "http")]).toEqual([level, []]);
    }
    const lines: Record<string, unknown>[] = [];
    await appLoggingTo(h, lines, { ACCESS_LOG_LEVEL: "warn" }).request("/health");
    expect(lines.filter((l) => l.msg === "http")).toMatchObject([{ route: "/health", level: 40 }]);
  });
});

describe("queue dashboard (/admin/antrean)", () => {
  let h: Harness;
  let operator: { cookie: string; csrf: string };
  let admin: { cookie: string; csrf: string };
  const get = (path: string, cookie?: string) => h.app.request(path, { headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    h = await createHarness();
    const clinic = await createClinic(h, "ntb");
    await createUser(h.db.db, {
      tenantId: clinic.tenant.id,
      email: "operator@ntb.test",
      name: "Operator",
      password: "kata-sandi-uji",
      role: "viewer",
      operator: true,
    });
    operator = await uiSession(h, "operator@ntb.test");
    admin = await uiSession(h, "admin@ntb.test");
    await h.queues.classify.add("classify", { tenantId: clinic.tenant.id, itemIds: ["x"] });
  });
  afterAll(async () => h?.close());

  it("shows the operator every queue, read only", async () => {
    const page = await get("/admin/antrean", operator.cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Klinik Hoaks · antrean");
    // Its script is served from under the same path, to the operator only.
    expect(html).toContain('<base href="/admin/antrean/" />');
    const script = `/admin/antrean/${/src="(static\/js\/main[^"]+\.js)"/.exec(html)?.[1]}`;
    expect((await get(script, operator.cookie)).status).toBe(200);
    expect((await get(script)).status).toBe(401);
    const api = await get("/admin/antrean/api/queues?activeQueue=classify&status=waiting&page=1", operator.cookie);
    expect(api.status).toBe(200);
    const body = (await api.json()) as {
      queues: { name: string; readOnlyMode: boolean; counts: { waiting: number } }[];
    };
    const names = body.queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(["classify", "ingest", "match-clarification"]));
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    expect(body.queues.find((q) => q.name === "classify")?.counts.waiting).toBe(1);
  });

  it("answers 401 without a session and 403 to a clinic admin who is no operator", async () => {
    for (const path of ["/admin/antrean", "/admin/antrean/api/queues", "/admin/antrean/queue/classify"]) {
      expect([path, (await get(path)).status]).toEqual([path, 401]);
      expect([path, (await get(path, admin.cookie)).status]).toEqual([path, 403]);
      const bearer = await h.app.request(path, { headers: { authorization: "Bearer x".padEnd(40, "x") } });
      expect([path, bearer.status]).toEqual([path, 401]);
    }
  });

  it("refuses every change, even the operator's with the UI's CSRF token", async () => {
    const tries = [
      ["PUT", "/admin/antrean/api/queues/classify/pause"],
      ["PUT", "/admin/antrean/api/queues/pause"],
      ["PUT", "/admin/antrean/api/queues/classify/clean/waiting"],
      ["PUT", "/admin/antrean/api/queues/classify/empty"],
      ["POST", "/admin/antrean/api/queues/classify/add"],
      ["DELETE", "/admin/antrean/api/queues/classify/obliterate"],
    ] as const;
    for (const [method, path] of tries) {
      const r = await h.app.request(path, {
        method,
        headers: { cookie: operator.cookie, "x-csrf-token": operator.csrf, "content-type": "application/json" },
        body: JSON.stringify({ name: "classify", data: {} }),
      });
      expect([method, path, r.status]).toEqual([method, path, 403]);
    }
    expect(await h.queues.classify.isPaused()).toBe(false);
    expect(await h.queues.classify.getJobCounts("waiting")).toEqual({ waiting: 1 });
  });
});
