import { forClinic } from "@klinik/db";
import { storedError } from "@klinik/feeds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { uiSession } from "./support.ts";

const DETAIL = "The document at https://contoh.test/a.xml is <html>, not a feed.";

describe("feed errors on the sources page (app.request)", () => {
  let h: Harness;
  let me: { cookie: string };
  let failing: string;
  let legacy: string;

  beforeAll(async () => {
    h = await createHarness();
    const clinic = await createClinic(h, "ntb");
    const db = forClinic(h.db.db, clinic.tenant.id);
    const add = (name: string) =>
      db.createSource({ kind: "rss", name, url: `https://contoh.test/${name.length}.xml`, scheduleSec: 300 });
    failing = (await add("Sumber rusak")).id;
    legacy = (await add("Sumber lama lagi")).id;
    const nextFetchAt = new Date(Date.now() + 60_000).toISOString();
    await db.recordFetchFailure(failing, {
      status: 404,
      error: storedError({ code: "not_a_feed", message: DETAIL }),
      nextFetchAt,
      pauseAfter: 10,
    });
    await db.recordFetchFailure(legacy, { status: null, error: "Old English sentence", nextFetchAt, pauseAfter: 10 });
    me = await uiSession(h, "admin@ntb.test");
  });
  afterAll(async () => h?.close());

  const page = async (lang: string) =>
    (await h.app.request(`/sumber?lang=${lang}`, { headers: { cookie: me.cookie } })).text();
  const row = (html: string, id: string) => html.slice(html.indexOf(`data-source="${id}"`)).split("</tr>")[0] ?? "";

  it("says the error in Indonesian, keeping the technical detail for admins", async () => {
    const r = row(await page("id"), failing);
    expect(r).toContain('data-error-code="not_a_feed"');
    expect(r).toContain("Dokumen ini bukan feed RSS, Atom, atau JSON Feed.");
    expect(r).toContain("HTTP 404 (tidak ditemukan)");
    expect(r).toContain("Rincian teknis");
    expect(r).toContain("&lt;html&gt;, not a feed.");
    expect(r).not.toContain("<html>");
  });

  it("says the error in English when the UI is English", async () => {
    const r = row(await page("en"), failing);
    expect(r).toContain("This document is not an RSS, Atom or JSON feed.");
    expect(r).toContain("HTTP 404 (not found)");
    expect(r).toContain("Technical detail");
    expect(r).not.toContain("Dokumen ini bukan feed");
  });

  it("shows an error stored without a code as it is", async () => {
    const r = row(await page("en"), legacy);
    expect(r).toContain("Old English sentence");
    expect(r).not.toContain("data-error-code");
  });
});
