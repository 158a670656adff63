import { createSession, createUser, forClinic } from "@klinik/db";
import { scoreForTest, testItem } from "@klinik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";

/**
 * The analysts' searches: over their clinic's clarifications (drafts too, API and
 * UI) and over the review queue, where "Vaksin chip" finds the vaksin claim.
 */
describe.each(DIALECTS)("analysts' searches on %s", (dialect) => {
  let h: Harness;
  let jatim: Awaited<ReturnType<typeof createClinic>>;
  let ntt: Awaited<ReturnType<typeof createClinic>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
    jatim = await createClinic(h, "jatim", "analyst");
    ntt = await createClinic(h, "ntt", "analyst");
    const draft = async (key: string, title: string, body: string) => {
      const r = await call(h, "POST", "/api/v1/clarifications", {
        headers: jatim.auth,
        body: { title, body, verdict: "false" },
      });
      ids[key] = r.body.id;
    };
    await draft("vaksin", "[HOAKS] Vaksin campak berisi chip pelacak", "Vaksin campak tidak berisi microchip.");
    await draft("wa", "[HOAKS] WhatsApp berbayar", "WhatsApp tetap gratis; pesan berantai lama.");
    await call(h, "POST", `/api/v1/clarifications/${ids.wa}/publish`, { headers: jatim.auth });

    // The queue: each item a claim of its own, as the classifier stores them.
    const clinic = forClinic(h.db.db, jatim.tenant.id);
    const texts = {
      vaksin: "Info dari orang dalam dinkes, vaksin campak yang dibagikan di puskesmas mengandung chip pelacak",
      polio: "Jadwal vaksin polio di puskesmas kecamatan hari Selasa",
      culik: "Awas ada anak diculik pakai mobil ambulans di depan SD",
    };
    const { pendingIds } = await clinic.insertItems(
      Object.entries(texts).map(([k, text]) => testItem(`q-${k}`, { text })),
    );
    await scoreForTest(
      h.db.db,
      jatim.tenant.id,
      pendingIds.map((id) => ({ id, score: 0.9 })),
    );
    const items = await clinic.listQueue({ statuses: ["new"], limit: 10 });
    for (const [k, text] of Object.entries(texts)) ids[`item-${k}`] = items.find((i) => i.text === text)?.id ?? "";
  });
  afterAll(async () => h?.close());

  const clusters = async (q: string) => {
    const r = await call(h, "GET", `/api/v1/clusters?q=${encodeURIComponent(q)}`, { headers: jatim.auth });
    expect(r.status).toBe(200);
    return r.body.data.map((c: { representativeItemId: string }) => c.representativeItemId);
  };

  it("finds the clinic's clarifications, drafts too, best first with a score", async () => {
    const r = await call(h, "GET", `/api/v1/clarifications?q=${encodeURIComponent("vaksin chip")}`, {
      headers: jatim.auth,
    });
    expect(r.status).toBe(200);
    expect(r.body.data[0]).toMatchObject({ id: ids.vaksin, status: "draft" });
    expect(r.body.data[0].score).toBeGreaterThan(0);
    expect(r.body.nextCursor).toBeNull();
    const published = await call(h, "GET", "/api/v1/clarifications?status=published&q=whatsapp", {
      headers: jatim.auth,
    });
    expect(published.body.data.map((c: { id: string }) => c.id)).toEqual([ids.wa]);
    // Another clinic finds none of them, published or not.
    const other = await call(h, "GET", "/api/v1/clarifications?q=vaksin%20chip%20whatsapp", { headers: ntt.auth });
    expect(other.body.data).toEqual([]);
    const long = await call(h, "GET", `/api/v1/clarifications?q=${"a".repeat(4_001)}`, { headers: jatim.auth });
    expect(long.status).toBe(400);
  });

  it("offers the search box on the clarifications page, escaping what was typed", async () => {
    const user = await createUser(h.db.db, {
      tenantId: jatim.tenant.id,
      email: "ui@jatim.test",
      name: "UI",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    const { token } = await createSession(h.db.db, user, 1);
    const page = async (q: string) =>
      (
        await h.app.request(`/klarifikasi?q=${encodeURIComponent(q)}`, { headers: { cookie: `kh_sesi=${token}` } })
      ).text();
    const html = await page("vaksin chip");
    expect(html).toContain('name="q"');
    expect(html).toContain(`/klarifikasi/${ids.vaksin}`);
    expect(html).not.toContain(`/klarifikasi/${ids.wa}`);
    const hostile = await page('<script>alert("x")</script> vaksin');
    expect(hostile).not.toContain('<script>alert("x")</script>');
    expect(hostile).toContain("&lt;script&gt;");
  });

  it("searches the queue by words in any order, stems included: 'Vaksin chip' finds the vaksin claim", async () => {
    expect(await clusters("Vaksin chip")).toEqual([ids["item-vaksin"]]);
    expect(await clusters("chip vaksin")).toEqual([ids["item-vaksin"]]);
    expect((await clusters("vaksin")).sort()).toEqual([ids["item-vaksin"], ids["item-polio"]].sort());
    expect(await clusters("penculikan anak ambulans")).toEqual([ids["item-culik"]]);
    expect(await clusters("vaksin ambulans")).toEqual([]);
    // LIKE wildcards are text, not patterns.
    expect(await clusters("100%_")).toEqual([]);
  });
});
