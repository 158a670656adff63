import { forClinic } from "@klinik/db";
import { afterAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, DIALECTS, fixtureServer, type Harness } from "./support/harness.ts";
import { ingestProcessor } from "./support/ingest.ts";

/** Postgres refuses U+0000 in text: a feed quoting one must not lose its entries or its error. */
describe.each(DIALECTS)("ingest of text a database cannot store (%s)", (dialect) => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
  });

  it("stores every entry of a JSON Feed whose ids and texts hold NUL bytes", async () => {
    const h = await createHarness({}, dialect);
    harnesses.push(h);
    const clinic = await createClinic(h, "sultra");
    const feed = {
      version: "https://jsonfeed.org/version/1.1",
      title: "Feed",
      items: Array.from({ length: 30 }, (_, i) => ({
        id: `pos\u0000-${i}`,
        content_text: `Kabar nomor ${i}\u0000 dari kecamatan`,
        title: `Judul\u0000 ${i}`,
      })),
    };
    const server = await fixtureServer({
      "/feed.json": () => ({ body: JSON.stringify(feed), type: "application/feed+json" }),
    });
    try {
      const db = forClinic(h.db.db, clinic.tenant.id);
      const source = await db.createSource({
        kind: "rss",
        name: "JSON",
        url: server.url("/feed.json"),
        scheduleSec: 300,
      });
      const out = await ingestProcessor(h)({ tenantId: clinic.tenant.id, sourceId: source.id });
      expect(out).toMatchObject({ kind: "fetched", added: 30 });
      expect(await db.countItems()).toBe(30);
    } finally {
      await server.close();
    }
  });
});
