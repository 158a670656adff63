import { forClinic } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, demoFeed, fixtureServer, type Harness } from "./support/harness.ts";
import { ingestProcessor } from "./support/ingest.ts";

/**
 * A job scheduler fires every schedule_sec; each job runs a moment after its
 * firing and sets next_fetch_at from then. The next firing must still fetch.
 */
describe("ingest on schedule", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof fixtureServer>>;

  beforeAll(async () => {
    h = await createHarness();
    server = await fixtureServer({ "/feed.xml": () => ({ body: demoFeed("berita-daerah.xml") }) });
  });
  afterAll(async () => {
    await server.close();
    await h?.close();
  });

  it("fetches at every firing of a 60 s schedule, though each job starts a little late", async () => {
    const clinic = await createClinic(h, "gorontalo");
    const source = await forClinic(h.db.db, clinic.tenant.id).createSource({
      kind: "rss",
      name: "Berita",
      url: server.url("/feed.xml"),
      scheduleSec: 60,
    });
    const t0 = Date.parse("2026-11-30T01:00:00.000Z");
    // Firings at 0, 60, 120 s; the jobs start 900 ms, 300 ms and 700 ms after them.
    const kinds: string[] = [];
    for (const at of [900, 60_300, 120_700]) {
      const run = ingestProcessor(h, { now: () => new Date(t0 + at) });
      kinds.push((await run({ tenantId: clinic.tenant.id, sourceId: source.id })).kind);
    }
    expect(kinds).toEqual(["fetched", "fetched", "fetched"]);
    expect(server.hits["/feed.xml"]).toBe(3);
    // A firing well before the schedule (e.g. a duplicate job) is still skipped.
    const early = ingestProcessor(h, { now: () => new Date(t0 + 130_000) });
    expect(await early({ tenantId: clinic.tenant.id, sourceId: source.id })).toEqual({
      kind: "skipped",
      reason: "not_due",
    });
  });
});
