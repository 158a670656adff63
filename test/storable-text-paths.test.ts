import { createHmac } from "node:crypto";
import { forClinic } from "@klinik/db";
import { afterAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, fixtureServer, type Harness } from "./support/harness.ts";
import { ingestProcessor } from "./support/ingest.ts";

/**
 * Postgres refuses U+0000 in text. Entries and public reports are covered in
 * ingest-nul and http-limits; these are the other ways in: a webhook post and a
 * feed error message that quotes the byte.
 */
describe.each(DIALECTS)("text with NUL bytes on every way in (%s)", (dialect) => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
  });

  it("stores webhook posts whose id, text and author hold NUL bytes, once", async () => {
    const h = await createHarness({}, dialect);
    harnesses.push(h);
    const clinic = await createClinic(h, `wh-${dialect}`);
    const created = await call(h, "POST", "/api/v1/sources", {
      headers: clinic.auth,
      body: { kind: "webhook", name: "Tipline" },
    });
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    const body = JSON.stringify({
      items: [
        { id: "wa\u0000-1", text: "Pesan\u0000 berantai", author: "08\u000012" },
        { id: "wa-2", text: "Pesan kedua" },
      ],
    });
    const post = () =>
      call(h, "POST", `/api/v1/ingest/${clinic.tenant.slug}/webhook/${id}`, {
        raw: body,
        headers: { "x-klinik-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` },
      });
    expect((await post()).body).toEqual({ accepted: 2, added: 2 });
    expect((await post()).body).toEqual({ accepted: 2, added: 0 });
    const db = forClinic(h.db.db, clinic.tenant.id);
    expect(await db.countItems()).toBe(2);
  });

  it("records a feed error whose message quotes a NUL byte, and backs off", async () => {
    const h = await createHarness({}, dialect);
    harnesses.push(h);
    const clinic = await createClinic(h, `err-${dialect}`);
    const server = await fixtureServer({
      "/nul.xml": () => ({ body: "\u0000\u0000bukan feed sama sekali", type: "text/plain" }),
    });
    try {
      const db = forClinic(h.db.db, clinic.tenant.id);
      const s = await db.createSource({ kind: "rss", name: "Rusak", url: server.url("/nul.xml"), scheduleSec: 300 });
      const out = await ingestProcessor(h)({ tenantId: clinic.tenant.id, sourceId: s.id });
      expect(out).toMatchObject({ kind: "failed", paused: false });
      const row = await db.getSource(s.id);
      expect(row?.consecutive_failures).toBe(1);
      expect(row?.last_error).toMatch(/neither XML nor JSON/);
      expect(row?.last_error).not.toContain("\u0000");
      expect(row?.next_fetch_at).toBeTruthy();
    } finally {
      await server.close();
    }
  });
});
