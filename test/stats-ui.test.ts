import { createUser, hashPassword } from "@klinik/db";
import { type StatsFixture, seedStatsFixture } from "@klinik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support/harness.ts";
import { uiSession } from "./ui/support.ts";

const PERIOD = "dari=2026-11-01&sampai=2026-11-07";

describe("statistics pages", () => {
  let h: Harness;
  let f: StatsFixture;
  const cookie = {} as Record<"a" | "province" | "operator", string>;

  beforeAll(async () => {
    h = await createHarness();
    f = await seedStatsFixture(h.db.db);
    const hash = await hashPassword("kata-sandi-uji");
    await h.db.db.updateTable("users").set({ password_hash: hash }).execute();
    // A regency name a page must escape, in HTML and in SVG text.
    await h.db.db.updateTable("tenants").set({ name: 'Kab <b>"B"</b>' }).where("id", "=", f.b.id).execute();
    await createUser(h.db.db, {
      tenantId: f.z.id,
      email: "operator@st.test",
      name: "Operator",
      password: "kata-sandi-uji",
      role: "viewer",
      operator: true,
    });
    cookie.a = (await uiSession(h, "a@st.test")).cookie;
    cookie.province = (await uiSession(h, "province@st.test")).cookie;
    cookie.operator = (await uiSession(h, "operator@st.test")).cookie;
  });
  afterAll(async () => h?.close());

  const page = async (path: string, who?: keyof typeof cookie) => {
    const res = await h.app.request(path, who ? { headers: { cookie: cookie[who] } } : {});
    return { status: res.status, html: await res.text(), headers: res.headers };
  };

  it("shows a clinic its figures with server-drawn SVG charts and escaped text", async () => {
    const { status, html } = await page(`/statistik?${PERIOD}`, "a");
    expect(status).toBe(200);
    expect(html).toMatch(/<dt>Pesan masuk<\/dt><dd>10<\/dd>/);
    expect(html).toContain("median 3 jam · p90 1 hari");
    expect((html.match(/<svg viewBox/g) ?? []).length).toBe(3);
    expect(html).toContain('<g data-date="2026-11-03"><title>2026-11-03: 3 (');
    expect(html).toContain("Hoaks: vaksin berisi &lt;chip&gt;");
    expect(html).not.toContain("<chip>");
    expect(html).toContain('href="/statistik.csv?dari=2026-11-01&amp;sampai=2026-11-07"');
    expect(html).not.toContain('name="cakupan"');
    // The figures' stylesheet is one file both layouts link, served like the others.
    const css = /href="(\/static\/stats\.css\?v=\w+)"/.exec(html)?.[1] ?? "";
    const sheet = await h.app.request(css);
    expect([sheet.status, (await sheet.text()).includes(".stats-summary {")]).toEqual([200, true]);
    const csv = await h.app.request(`/statistik.csv?${PERIOD}`, { headers: { cookie: cookie.a } });
    expect([csv.status, [...new Uint8Array(await csv.arrayBuffer()).slice(0, 3)]]).toEqual([200, [0xef, 0xbb, 0xbf]]);
  });

  it("shows a province its regencies side by side, and refuses what a clinic may not read", async () => {
    const { status, html } = await page(`/statistik?${PERIOD}&cakupan=province`, "province");
    expect(status).toBe(200);
    expect(html).toContain('data-clinic="st-a"');
    expect(html).toContain("Kab &lt;b&gt;&quot;B&quot;&lt;/b&gt;");
    expect(html).not.toContain('<b>"B"');
    expect(html).toMatch(/<text[^>]*>Kab &lt;b&gt;/);
    expect((await page(`/statistik?${PERIOD}&cakupan=province`, "a")).status).toBe(403);
    expect((await page(`/statistik?${PERIOD}&cakupan=instance`, "province")).status).toBe(403);
    expect((await page(`/statistik?${PERIOD}&klinik=${f.b.id}`, "a")).status).toBe(404);
    expect((await page(`/statistik?${PERIOD}&cakupan=instance`, "operator")).status).toBe(200);
    expect((await page(`/statistik?dari=2026-11-08&sampai=2026-11-07`, "a")).status).toBe(400);
    expect((await page("/statistik")).status).toBe(303);
  });

  it("publishes open-data pages with public aggregates only", async () => {
    const r = await page(`/k/st-a/statistik?${PERIOD}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(r.headers.get("cache-control")).toBe("public, max-age=300");
    expect(r.html).toMatch(/<dt>Pesan masuk<\/dt><dd>10<\/dd>/);
    expect(r.html).toContain("Hoaks: vaksin berisi &lt;chip&gt;");
    expect(r.html).toContain('href="/api/v1/public/st-a/stats.csv?from=2026-11-01&amp;to=2026-11-07"');
    expect(r.html).toContain("CC-BY-4.0");
    expect(r.html).toMatch(/<link rel="stylesheet" href="\/static\/stats\.css\?v=\w+"/);
    for (const secret of ["0812-rahasia", "Rahasia belum", "Vaksin berisi chip", "Draf belum terbit", "/klaster/"]) {
      expect(r.html).not.toContain(secret);
    }
    const province = await page(`/k/st-prov/statistik?${PERIOD}`);
    expect(province.html).toContain('data-clinic="st-b"');
    const all = await page(`/data?${PERIOD}`);
    expect(all.status).toBe(200);
    expect(all.html).toMatch(/<dt>Pesan masuk<\/dt><dd>16<\/dd>/);
    const en = await page(`/data?${PERIOD}&lang=en`);
    expect(en.html).toContain("Items received");
    expect((await page("/k/tidak-ada/statistik")).status).toBe(404);
  });

  it("says in the reader's language why a period cannot be shown, and leads back to the clinic", async () => {
    const cases = [
      [
        "dari=2026-11-08&sampai=2026-11-07",
        "Tanggal awal jatuh setelah tanggal akhir",
        "The start date is after the end date",
      ],
      ["dari=2024-01-01&sampai=2026-11-07", "Periode paling panjang 366 hari", "A period is at most 366 days"],
      ["dari=2026-13-45", "Tanggal harus berformat", "Dates are written"],
    ] as const;
    for (const [query, id, en] of cases) {
      for (const path of [`/k/st-a/statistik?${query}`, `/data?${query}`]) {
        const r = await page(path);
        expect([path, r.status]).toEqual([path, 400]);
        expect(r.html).toContain(id);
        // The API's English words stay out of an Indonesian page.
        expect(r.html).not.toMatch(/\b(from|to): /);
        expect((await page(`${path}&lang=en`)).html).toContain(en);
      }
      // Staff read the same sentence.
      expect((await page(`/statistik?${query}`, "a")).html).toContain(id);
    }
    expect((await page("/k/st-a/statistik?dari=2026-11-08&sampai=2026-11-07")).html).toContain('href="/k/st-a"');
  });
});
