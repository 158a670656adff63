import { forClinic, sourceDrops } from "@klinik/db";
import { afterAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, fixtureServer, type Harness } from "./support/harness.ts";
import { ingestProcessor } from "./support/ingest.ts";
import { uiSession } from "./ui/support.ts";

const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title>${items.join("")}</channel></rss>`;
const item = (i: number) =>
  `<item><guid>g${i}</guid><title>Kabar ${i}</title><description>Isi kabar nomor ${i}</description></item>`;

/** Every entry a fetch does not store is counted on its source, with the reason, where the admin looks. */
describe.each(DIALECTS)("entries not stored are counted on the source (%s)", (dialect) => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
  });

  it("counts entries over the per-fetch cap, unreadable items and entries without text, in the API and on the page", async () => {
    const h = await createHarness({}, dialect);
    harnesses.push(h);
    const clinic = await createClinic(h, `drops-${dialect}`);
    const json = {
      version: "https://jsonfeed.org/version/1.1",
      items: [
        { id: "a", content_text: "Kabar pertama" },
        "bukan sebuah entri",
        42,
        { id: "b", content_text: "   " },
        { id: "c", content_text: "Kabar ketiga\u0000" },
      ],
    };
    const server = await fixtureServer({
      "/big.xml": () => ({ body: rss(Array.from({ length: 1_250 }, (_, i) => item(i))) }),
      "/feed.json": () => ({ body: JSON.stringify(json), type: "application/feed+json" }),
    });
    try {
      const db = forClinic(h.db.db, clinic.tenant.id);
      const big = await db.createSource({ kind: "rss", name: "Besar", url: server.url("/big.xml"), scheduleSec: 300 });
      const mixed = await db.createSource({
        kind: "rss",
        name: "Campur",
        url: server.url("/feed.json"),
        scheduleSec: 300,
      });
      const run = ingestProcessor(h);
      expect(await run({ tenantId: clinic.tenant.id, sourceId: big.id })).toMatchObject({ added: 1_000 });
      expect(await run({ tenantId: clinic.tenant.id, sourceId: mixed.id })).toMatchObject({ added: 2 });

      const bigRow = await db.getSource(big.id);
      expect(bigRow).toMatchObject({ dropped_total: 250, last_drop_reason: "cap" });
      expect(sourceDrops(bigRow ?? { drops: null })).toEqual({ cap: 250 });
      const mixedRow = await db.getSource(mixed.id);
      expect(mixedRow).toMatchObject({ dropped_total: 3, last_drop_reason: "invalid" });
      expect(sourceDrops(mixedRow ?? { drops: null })).toEqual({ invalid: 2, empty: 1 });

      // A second fetch of the big feed cuts the same 250 again: counted again (every fetch loses them).
      const later = ingestProcessor(h, { now: () => new Date(Date.now() + 600_000) });
      await later({ tenantId: clinic.tenant.id, sourceId: big.id });
      expect((await db.getSource(big.id))?.dropped_total).toBe(500);

      const api = await call(h, "GET", "/api/v1/sources", { headers: clinic.auth });
      expect(api.status).toBe(200);
      const byName = Object.fromEntries(api.body.data.map((s: { name: string }) => [s.name, s]));
      expect(byName.Besar).toMatchObject({ droppedTotal: 500, drops: { cap: 500 }, lastDropReason: "cap" });
      expect(byName.Campur).toMatchObject({ droppedTotal: 3, drops: { invalid: 2, empty: 1 } });

      const { cookie } = await uiSession(h, clinic.user.email);
      const page = await h.app.request("/sumber", { headers: { cookie } });
      const html = await page.text();
      expect(page.status, html.slice(0, 300)).toBe(200);
      expect(html).toContain("Entri tidak disimpan: 500 (500 melebihi batas 1.000 entri per pengambilan)");
      expect(html).toContain("Entri tidak disimpan: 3 (2 tidak terbaca sebagai entri; 1 tanpa teks maupun judul)");
    } finally {
      await server.close();
    }
  });

  it("a fetch that stores everything leaves the counts as they are", async () => {
    const h = await createHarness({}, dialect);
    harnesses.push(h);
    const clinic = await createClinic(h, `clean-${dialect}`);
    const server = await fixtureServer({ "/ok.xml": () => ({ body: rss([item(1), item(2)]) }) });
    try {
      const db = forClinic(h.db.db, clinic.tenant.id);
      const s = await db.createSource({ kind: "rss", name: "Rapi", url: server.url("/ok.xml"), scheduleSec: 300 });
      expect(await ingestProcessor(h)({ tenantId: clinic.tenant.id, sourceId: s.id })).toMatchObject({ added: 2 });
      expect(await db.getSource(s.id)).toMatchObject({ dropped_total: 0, drops: null, last_drop_reason: null });
    } finally {
      await server.close();
    }
  });
});
