import { forClinic } from "@klinik/db";
import { startClassifier } from "@klinik/worker-classifier";
import { startIngest } from "@klinik/worker-ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createClinic,
  createHarness,
  DIALECTS,
  demoFeed,
  fixtureServer,
  type Harness,
  waitFor,
} from "./support/harness.ts";
import { ingestProcessor } from "./support/ingest.ts";

/**
 * The whole story on embedded defaults, with real Redis and a real SQLite file:
 * feed → items → scores → queue → verdict → clarification → public page.
 */
describe.each(DIALECTS)("pipeline end to end on %s", (dialect) => {
  let h: Harness;
  let feeds: Awaited<ReturnType<typeof fixtureServer>>;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  const clinicDb = () => forClinic(h.db.db, clinic.tenant.id);
  let other: Awaited<ReturnType<typeof createClinic>>;
  let sourceId: string;
  const FEED_ITEMS = 7;

  beforeAll(async () => {
    h = await createHarness({}, dialect);
    feeds = await fixtureServer({
      "/pesan-berantai.xml": () => ({ body: demoFeed("pesan-berantai.xml") }),
      "/broken.xml": () => ({ body: "<html><body>Maaf, server sedang gangguan</body></html>", type: "text/html" }),
    });
    clinic = await createClinic(h, "jatim");
    other = await createClinic(h, "jabar");
    sourceId = (
      await clinicDb().createSource({
        kind: "rss",
        name: "Pantauan",
        url: feeds.url("/pesan-berantai.xml"),
        scheduleSec: 300,
      })
    ).id;
    await clinicDb().createSource({
      kind: "rss",
      name: "Rusak",
      url: feeds.url("/broken.xml"),
      scheduleSec: 300,
    });
    await startClassifier(h.config, h.logger, h.shutdown, { db: h.db });
    await startIngest(h.config, h.logger, h.shutdown, { db: h.db, syncEveryMs: 60_000 });
  });
  afterAll(async () => {
    await h?.close();
    await feeds?.close();
  });

  it("scores every feed entry and shows them in the clinic's queue, highest score first", async () => {
    const items = await waitFor(async () => {
      const r = await call(h, "GET", "/api/v1/items?limit=50", { headers: clinic.auth });
      return r.body.data?.length === FEED_ITEMS && r.body.data;
    }, "scored feed items");
    const scores = items.map((i: { score: number }) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const item of items) {
      expect(item.score).toBeGreaterThanOrEqual(0);
      expect(item.score).toBeLessThanOrEqual(1);
      expect(item.reasons.length).toBeGreaterThan(0);
      expect(item.modelVersion).toBeTruthy();
      expect(item.source).toEqual({ id: sourceId, name: "Pantauan" });
      expect(item.status).toBe("new");
    }
    // The other clinic's queue is empty, and its token cannot open these items.
    expect((await call(h, "GET", "/api/v1/items", { headers: other.auth })).body.data).toEqual([]);
    const foreign = await call(h, "GET", `/api/v1/items/${items[0].id}`, { headers: other.auth });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
  });

  it("adds nothing when the same feed is fetched again", async () => {
    const before = await clinicDb().countItems();
    const hitsBefore = feeds.hits["/pesan-berantai.xml"] ?? 0;
    // Its clock a day ahead: past the source's next fetch time.
    const process = ingestProcessor(h, { now: () => new Date(Date.now() + 24 * 3600_000) });
    const outcome = await process({ tenantId: clinic.tenant.id, sourceId });
    expect(outcome).toEqual({ kind: "fetched", status: 200, added: 0, enqueued: 0 });
    expect(feeds.hits["/pesan-berantai.xml"]).toBe(hitsBefore + 1);
    expect(await clinicDb().countItems()).toBe(before);
    expect(before).toBe(FEED_ITEMS);
    expect((await clinicDb().getSource(sourceId))?.items_added).toBe(FEED_ITEMS);
  });

  it("marks a broken feed on its source without stopping the others", async () => {
    const sources = await waitFor(async () => {
      const r = await call(h, "GET", "/api/v1/sources", { headers: clinic.auth });
      const broken = r.body.data?.find((s: { name: string }) => s.name === "Rusak");
      return broken?.lastError ? r.body.data : undefined;
    }, "broken source error");
    const broken = sources.find((s: { name: string }) => s.name === "Rusak");
    expect(broken.lastError).toMatch(/HTML/i);
    expect(broken.consecutiveFailures).toBe(1);
    expect(Date.parse(broken.nextFetchAt)).toBeGreaterThan(Date.now());
    const good = sources.find((s: { name: string }) => s.name === "Pantauan");
    expect(good.lastError).toBeNull();
    expect(good.lastStatus).toBe(200);
  });

  it("takes a public report into the queue", async () => {
    const res = await call(h, "POST", "/api/v1/public/jatim/reports", {
      body: {
        text: "Sebarkan!!! Ada pembagian sembako gratis, daftar lewat bit.ly/sembako-gratis pakai kode OTP",
        url: "https://contoh.test/pesan",
        contact: "warga@contoh.test",
      },
    });
    expect(res.status).toBe(202);
    expect(res.body.id).toBeTruthy();
    const item = await waitFor(async () => {
      const r = await call(h, "GET", "/api/v1/items?limit=50", { headers: clinic.auth });
      return r.body.data?.find((i: { reportId: string }) => i.reportId === res.body.id);
    }, "report in queue");
    expect(item.score).toBeGreaterThan(0.5);
    expect(item.source).toBeNull();
    // The reporter's contact never appears in the item.
    expect(JSON.stringify(item)).not.toContain("warga@contoh.test");
  });

  it("records a verdict and publishes a clarification the public can read", async () => {
    const queue = (await call(h, "GET", "/api/v1/items?limit=50", { headers: clinic.auth })).body.data;
    const top = queue[0];
    const v = await call(h, "POST", `/api/v1/items/${top.id}/verdict`, {
      headers: clinic.auth,
      body: { verdict: "false", note: "Tidak ada program tersebut" },
    });
    expect(v.status).toBe(201);
    const item = await call(h, "GET", `/api/v1/items/${top.id}`, { headers: clinic.auth });
    expect(item.body.status).toBe("done");
    expect(item.body.verdicts).toHaveLength(1);
    // Done items leave the default queue.
    const open = (await call(h, "GET", "/api/v1/items?limit=50", { headers: clinic.auth })).body.data;
    expect(open.map((i: { id: string }) => i.id)).not.toContain(top.id);

    const draft = await call(h, "POST", "/api/v1/clarifications", {
      headers: clinic.auth,
      body: {
        title: "[HOAKS] Bantuan tunai lewat tautan pendek",
        body: "Tidak ada program tersebut.",
        verdict: "false",
        itemIds: [top.id],
      },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe("draft");
    expect((await call(h, "GET", "/api/v1/public/jatim/clarifications")).body.data).toEqual([]);
    // Another clinic cannot publish it.
    expect(
      (await call(h, "POST", `/api/v1/clarifications/${draft.body.id}/publish`, { headers: other.auth })).status,
    ).toBe(404);
    const pub = await call(h, "POST", `/api/v1/clarifications/${draft.body.id}/publish`, { headers: clinic.auth });
    expect(pub.status).toBe(200);
    const pubList = await call(h, "GET", "/api/v1/public/jatim/clarifications");
    expect(pubList.status).toBe(200);
    expect(pubList.body.data).toHaveLength(1);
    expect(pubList.body.data[0]).toMatchObject({
      title: "[HOAKS] Bantuan tunai lewat tautan pendek",
      verdict: "false",
      status: "published",
    });
    expect((await call(h, "GET", "/api/v1/public/jabar/clarifications")).body.data).toEqual([]);
  });
});
