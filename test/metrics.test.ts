import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { createApp } from "@klinik/api";
import { API_TOKEN_PREFIX, createSession, createUser, forClinic, newId, nowIso, sha256 } from "@klinik/db";
import { ClassifyBatcher, createQueues, createRedis, enqueue } from "@klinik/queue";
import { startClassifier } from "@klinik/worker-classifier";
import { startIngest } from "@klinik/worker-ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createClinic,
  createHarness,
  demoFeed,
  fixtureServer,
  type Harness,
  waitFor,
} from "./support/harness.ts";

const METRICS_TOKEN = "scraper-token-0123456789abcdefghijklmnop";

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

async function operatorOf(h: Harness, tenantId: string) {
  const u = await createUser(h.db.db, {
    tenantId,
    email: "operator@instansi.test",
    name: "Operator",
    password: "kata-sandi-uji",
    role: "viewer",
    operator: true,
  });
  return { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` };
}

describe("/metrics with real workers", () => {
  let h: Harness;
  let feeds: Awaited<ReturnType<typeof fixtureServer>>;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  let operator: Record<string, string>;
  let modelVersion: string;
  const scrape = (headers: Record<string, string>) => call(h, "GET", "/metrics", { headers });

  beforeAll(async () => {
    h = await createHarness({ METRICS_TOKEN });
    feeds = await fixtureServer({
      "/pesan-berantai.xml": () => ({ body: demoFeed("pesan-berantai.xml") }),
      "/hilang.xml": () => ({ body: "tidak ada", status: 404, type: "text/plain" }),
    });
    clinic = await createClinic(h, "jatim");
    operator = await operatorOf(h, clinic.tenant.id);
    const db = forClinic(h.db.db, clinic.tenant.id);
    await db.createSource({ kind: "rss", name: "Pantauan", url: feeds.url("/pesan-berantai.xml"), scheduleSec: 300 });
    await db.createSource({ kind: "rss", name: "Hilang", url: feeds.url("/hilang.xml"), scheduleSec: 300 });
    modelVersion = (await startClassifier(h.config, h.logger, h.shutdown, { db: h.db })).scorer.version;
    await startIngest(h.config, h.logger, h.shutdown, { db: h.db, syncEveryMs: 60_000 });
    await waitFor(async () => {
      const r = await call(h, "GET", "/api/v1/items?limit=50", { headers: clinic.auth });
      return r.body.data?.length === 7;
    }, "7 scored feed items");
  });
  afterAll(async () => {
    await h?.close();
    await feeds?.close();
  });

  it("counts items ingested and scored per clinic slug, feed failures by reason, and the live model", async () => {
    const body = await waitFor(async () => {
      const r = await scrape(operator);
      // Items become visible when their batch commits; the counters follow a moment later.
      const counted =
        sample(r.body, "klinik_feed_fetch_failures_total") !== undefined &&
        sample(r.body, "klinik_items_scored_total", { clinic: "jatim" }) === 7;
      return counted && (r.body as string);
    }, "the fetches and the scoring counted");
    expect(sample(body, "klinik_items_ingested_total", { clinic: "jatim" })).toBe(7);
    expect(sample(body, "klinik_items_scored_total", { clinic: "jatim" })).toBe(7);
    expect(sample(body, "klinik_feed_fetch_failures_total", { reason: "http_error" })).toBe(1);
    expect(sample(body, "klinik_model_version_info", { version: modelVersion })).toBe(1);
    expect(sample(body, "klinik_worker_processes", { role: "classifier" })).toBe(1);
    expect(sample(body, "klinik_worker_processes", { role: "ingest" })).toBe(1);
    expect(sample(body, "klinik_worker_resident_memory_bytes", { role: "classifier" })).toBeGreaterThan(10e6);
    expect(sample(body, "klinik_metrics_instance_read_ok")).toBe(1);
    expect(sample(body, "klinik_worker_cpu_seconds", { role: "ingest" })).toBeGreaterThan(0);
    expect(sample(body, "klinik_worker_eventloop_delay_p99_seconds", { role: "classifier" })).toBeGreaterThanOrEqual(0);
    // Queues by state, and this process's own figures.
    expect(sample(body, "klinik_queue_jobs", { queue: "classify", state: "failed" })).toBe(0);
    expect(sample(body, "klinik_queue_jobs", { queue: "ingest", state: "waiting" })).toBeDefined();
    expect(sample(body, "process_resident_memory_bytes")).toBeGreaterThan(10e6);
    expect(sample(body, "nodejs_eventloop_lag_p99_seconds")).toBeGreaterThanOrEqual(0);
    // No clinic id anywhere in the labels: slugs only.
    expect(body).not.toContain(clinic.tenant.id);
  });

  it("labels requests by route pattern: no ids, tokens or query strings", async () => {
    const items = (await call(h, "GET", "/api/v1/items?limit=1&q=rahasia", { headers: clinic.auth })).body.data;
    const id = items[0].id as string;
    await call(h, "GET", `/api/v1/items/${id}`, { headers: clinic.auth });
    await call(h, "GET", "/api/v1/items/no-such-item", { headers: clinic.auth });
    await h.app.request("/undangan/tok3n-yang-rahasia-sekali-0123456789");
    await h.app.request("/tidak/ada/apa-apa");
    const body = (await scrape({ authorization: `Bearer ${METRICS_TOKEN}` })).body as string;
    const route = (r: string, status: string) =>
      sample(body, "klinik_http_requests_total", { method: "GET", route: r, status });
    expect(route("/api/v1/items/:id", "200")).toBe(1);
    expect(route("/api/v1/items/:id", "404")).toBe(1);
    expect(route("/undangan/:token", "410")).toBe(1);
    expect(route("(unmatched)", "404")).toBe(1);
    expect(sample(body, "klinik_http_request_duration_seconds_count", { route: "/api/v1/items/:id" })).toBe(2);
    for (const secret of [id, "tok3n-yang-rahasia", "rahasia", clinic.token, "tidak/ada"]) {
      expect(body).not.toContain(secret);
    }
  });

  it("answers only the operator and the scraper's token (401 without, 403 for everyone else)", async () => {
    const token = `${API_TOKEN_PREFIX}${newId().replaceAll("-", "")}`;
    await h.db.db
      .insertInto("api_tokens")
      .values({
        id: newId(),
        tenant_id: clinic.tenant.id,
        name: "semua",
        token_hash: sha256(token),
        scopes: "read,ingest,publish",
        created_by: clinic.user.id,
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    const tries: [Record<string, string>, number][] = [
      [{}, 401],
      [{ authorization: `Bearer ${METRICS_TOKEN}x` }, 401],
      [{ authorization: "Bearer not-a-real-token-000000000000" }, 401],
      [{ cookie: "kh_sesi=whatever" }, 401],
      [clinic.auth, 403],
      [{ authorization: `Bearer ${token}` }, 403],
      [operator, 200],
      [{ authorization: `Bearer ${METRICS_TOKEN}` }, 200],
    ];
    for (const [headers, status] of tries) {
      const r = await scrape(headers);
      expect([headers, r.status]).toEqual([headers, status]);
      if (status === 200) expect(r.body).toContain("# TYPE klinik_http_requests_total counter");
    }
  });
});

describe("/metrics while Redis is down", () => {
  let h: Harness;
  afterAll(async () => h?.close());

  it("still answers with this process's figures and says the instance could not be read", async () => {
    h = await createHarness({ METRICS_TOKEN });
    // The same app on a Redis that answers nowhere (a closed port).
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const { port: p } = s.address() as AddressInfo;
        s.close(() => resolve(p));
      });
    });
    const redis = createRedis(`redis://127.0.0.1:${port}`, "producer");
    redis.on("error", () => {});
    const queues = createQueues({ connection: redis, prefix: h.config.QUEUE_PREFIX });
    const app = createApp({
      ...h,
      db: h.db.db,
      dialect: h.db.dialect,
      redis,
      queues,
      classifyBatcher: new ClassifyBatcher(queues),
    });
    await app.request("/health");
    const res = await app.request("/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(sample(body, "klinik_metrics_instance_read_ok")).toBe(0);
    expect(sample(body, "klinik_http_requests_total", { route: "/health", status: "503" })).toBe(1);
    expect(sample(body, "klinik_queue_jobs")).toBeUndefined();
    redis.disconnect();
  });
});

describe("/metrics queue age", () => {
  let h: Harness;
  afterAll(async () => h?.close());

  it("reports how long the oldest job has waited", async () => {
    h = await createHarness();
    const clinic = await createClinic(h, "bali");
    const operator = await operatorOf(h, clinic.tenant.id);
    const empty = (await call(h, "GET", "/metrics", { headers: operator })).body as string;
    expect(sample(empty, "klinik_queue_oldest_waiting_seconds", { queue: "classify" })).toBe(0);
    // No classifier runs here: the job waits.
    await enqueue(h.queues, "classify", { tenantId: clinic.tenant.id, itemIds: ["a"] });
    await new Promise((r) => setTimeout(r, 1_200));
    await enqueue(h.queues, "classify", { tenantId: clinic.tenant.id, itemIds: ["b"] });
    const body = (await call(h, "GET", "/metrics", { headers: operator })).body as string;
    expect(sample(body, "klinik_queue_jobs", { queue: "classify", state: "waiting" })).toBe(2);
    expect(sample(body, "klinik_queue_oldest_waiting_seconds", { queue: "classify" })).toBeGreaterThanOrEqual(1.1);
    expect(sample(body, "klinik_queue_oldest_waiting_seconds", { queue: "classify" })).toBeLessThan(30);
  });
});
