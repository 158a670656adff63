import { createSession, createUser } from "@klinik/db";
import { STATS_EXPECTED, type StatsFixture, seedStatsFixture } from "@klinik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "./support/harness.ts";

const PERIOD = "from=2026-11-01&to=2026-11-07";
const E = STATS_EXPECTED;

for (const dialect of DIALECTS) {
  describe(`statistics API on ${dialect}`, () => {
    let h: Harness;
    let f: StatsFixture;
    const auth = {} as Record<"province" | "a" | "b" | "z" | "operator" | "token", Record<string, string>>;

    beforeAll(async () => {
      h = await createHarness({}, dialect);
      f = await seedStatsFixture(h.db.db);
      for (const k of ["province", "a", "b", "z"] as const) {
        const { token } = await createSession(
          h.db.db,
          { id: f.users[k], tenant_id: f[k === "province" ? "province" : k].id },
          1,
        );
        auth[k] = { authorization: `Bearer ${token}` };
      }
      const op = await createUser(h.db.db, {
        tenantId: f.z.id,
        email: "operator@st.test",
        name: "Operator",
        password: "kata-sandi-uji",
        role: "viewer",
        operator: true,
      });
      auth.operator = { authorization: `Bearer ${(await createSession(h.db.db, op, 1)).token}` };
    });
    afterAll(async () => h?.close());

    const get = (path: string, who: keyof typeof auth) => call(h, "GET", path, { headers: auth[who] });

    it("answers a clinic's figures with the hand-worked medians and an open-data metadata block", async () => {
      const r = await get(`/api/v1/stats?${PERIOD}`, "a");
      expect(r.status).toBe(200);
      const b = r.body;
      expect(b.totals).toEqual({ items: E.a.items, reports: 2, claimsDecided: 4, claimsClarified: 2 });
      expect(b.byKind).toMatchObject(E.a.byKind);
      expect(b.byVerdict).toMatchObject(E.a.byVerdict);
      expect(b.timeToVerdict).toEqual({ claims: 4, medianSeconds: 10_800, p90Seconds: 86_400 });
      expect(b.timeToClarification).toEqual({ claims: 2, medianSeconds: 54_000, p90Seconds: 86_400 });
      expect(b.days.map((d: { date: string; items: number }) => [d.date, d.items])).toEqual([
        ["2026-11-01", 1],
        ["2026-11-02", 2],
        ["2026-11-03", 3],
        ["2026-11-04", 1],
        ["2026-11-05", 1],
        ["2026-11-06", 2],
        ["2026-11-07", 0],
      ]);
      expect(b.topClaims[0]).toMatchObject({ id: f.claims.c1, items: 3 });
      expect(b.metadata).toMatchObject({
        scope: "clinic",
        regionCode: "32.01",
        period: { from: "2026-11-01", to: "2026-11-07", timezone: "Asia/Jakarta", timezoneLabel: "WIB" },
        license: { id: "CC-BY-4.0" },
        publisher: "Kabupaten A",
      });
      expect(Date.parse(b.metadata.generatedAt)).not.toBeNaN();
    });

    it("lets a clinic read only its own; a province its regencies side by side; the operator the instance", async () => {
      const status = async (path: string, who: keyof typeof auth) => (await get(path, who)).status;
      expect(await status(`/api/v1/stats?${PERIOD}&scope=province`, "a")).toBe(403);
      expect(await status(`/api/v1/stats?${PERIOD}&scope=instance`, "a")).toBe(403);
      expect(await status(`/api/v1/stats?${PERIOD}&scope=instance`, "province")).toBe(403);
      expect(await status(`/api/v1/stats?${PERIOD}&clinic=${f.b.id}`, "a")).toBe(404);
      expect(await status(`/api/v1/stats?${PERIOD}&clinic=${f.z.id}`, "province")).toBe(404);
      expect(await status(`/api/v1/stats?${PERIOD}&scope=province&clinic=${f.z.id}`, "province")).toBe(404);
      expect(await status(`/api/v1/stats?${PERIOD}&scope=province&clinic=${f.province.id}`, "z")).toBe(404);

      const p = (await get(`/api/v1/stats?${PERIOD}&scope=province`, "province")).body;
      expect(p.totals.items).toBe(E.province.items);
      expect(p.timeToVerdict).toEqual({ claims: 5, medianSeconds: 7_200, p90Seconds: 86_400 });
      expect(p.clinics.map((c: { name: string; totals: { items: number } }) => [c.name, c.totals.items])).toEqual([
        ["Provinsi Uji", 0],
        ["Kabupaten A", 10],
        ["Kabupaten B", 5],
      ]);
      const regency = (await get(`/api/v1/stats?${PERIOD}&clinic=${f.a.id}`, "province")).body;
      expect(regency.totals.items).toBe(E.a.items);

      const all = (await get(`/api/v1/stats?${PERIOD}&scope=instance`, "operator")).body;
      expect(all.totals.items).toBe(E.instance.items);
      expect(all.metadata).toMatchObject({ scope: "instance", regionCode: "ID" });
      expect((await get(`/api/v1/stats?${PERIOD}&scope=province&clinic=${f.province.id}`, "operator")).status).toBe(
        200,
      );
    });

    it("refuses periods that are not dates, end before they start or are longer than 366 days", async () => {
      for (const q of [
        "from=2026-11-08&to=2026-11-07",
        "from=2025-01-01&to=2026-11-07",
        "from=2026-02-30",
        "to=kemarin",
      ]) {
        const r = await get(`/api/v1/stats?${q}`, "a");
        expect([q, r.status, r.body.error.code]).toEqual([q, 400, "invalid_request"]);
      }
      const d = (await get("/api/v1/stats", "a")).body;
      expect(d.days).toHaveLength(30);
    });

    it("downloads CSV with BOM, CRLF, the metadata block and no cell a spreadsheet would run", async () => {
      const res = await h.app.request(`/api/v1/stats.csv?${PERIOD}`, { headers: auth.a });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe(
        'attachment; filename="statistik-st-a-2026-11-01-2026-11-07.csv"',
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      const lines = text.split("\r\n");
      expect(text.replace(/\r\n/g, "")).not.toContain("\n");
      expect(lines.slice(0, 3)).toEqual([
        '\uFEFFjudul,"Statistik Klinik Hoaks — Kabupaten A, 2026-11-01 s.d. 2026-11-07"',
        expect.stringMatching(/^deskripsi,/),
        "cakupan,clinic",
      ]);
      expect(lines).toContain("kode_wilayah,32.01");
      expect(lines).toContain("lisensi,CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/");
      expect(lines).toContain("tanggal,kode_wilayah,nama_wilayah,indikator,kategori,nilai,satuan");
      expect(lines).toContain("2026-11-03,32.01,Kabupaten A,pesan_masuk,semua,3,pesan");
      expect(lines).toContain("2026-11-01/2026-11-07,32.01,Kabupaten A,waktu_sampai_putusan,median,10800,detik");
      // The clarification titled =HYPERLINK(…) is a top claim: its cell is text, not a formula.
      expect(text).toContain(`"'=HYPERLINK(""https://jahat.test"",""bansos"")"`);
      expect(lines.some((l) => l.split(",").some((cell) => /^[=+\-@]/.test(cell)))).toBe(false);
      const tokenRes = await h.app.request(`/api/v1/stats.csv?${PERIOD}&scope=instance`, { headers: auth.a });
      expect(tokenRes.status).toBe(403);
    });

    it("publishes open data without contacts, report texts or unpublished claims", async () => {
      const r = await call(h, "GET", `/api/v1/public/st-a/stats?${PERIOD}`);
      expect(r.status).toBe(200);
      expect(r.body.totals.items).toBe(E.a.items);
      expect(r.body.topClaims.map((t: { id: string; excerpt: string | null }) => [t.id, t.excerpt])).toEqual([
        [f.claims.c1, null],
        [f.claims.c2, null],
      ]);
      const raw = JSON.stringify(r.body);
      for (const secret of ["0812-rahasia", "Rahasia belum", "Vaksin berisi chip", "Draf belum terbit"]) {
        expect(raw).not.toContain(secret);
      }
      const csv = await (await h.app.request(`/api/v1/public/st-a/stats.csv?${PERIOD}`)).text();
      expect(csv).not.toContain("Vaksin berisi chip");
      expect(csv).toContain("Hoaks: vaksin berisi <chip>");
      const province = await call(h, "GET", `/api/v1/public/st-prov/stats?${PERIOD}`);
      expect(province.body.clinics).toHaveLength(3);
      const all = await call(h, "GET", `/api/v1/public/stats?${PERIOD}`);
      expect(all.body.totals.items).toBe(E.instance.items);
      expect((await call(h, "GET", "/api/v1/public/tidak-ada/stats")).status).toBe(404);
    });

    it("serves repeated public reads from memory and limits counting afresh per address", async () => {
      const strict = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "1" }, dialect);
      try {
        await seedStatsFixture(strict.db.db, "rl");
        for (let i = 0; i < 3; i++) {
          expect((await call(strict, "GET", `/api/v1/public/rl-a/stats?${PERIOD}`)).status).toBe(200);
        }
        const fresh = await call(strict, "GET", "/api/v1/public/rl-a/stats?from=2026-10-01&to=2026-10-02");
        expect([fresh.status, fresh.body.error?.code]).toEqual([429, "rate_limited"]);
      } finally {
        await strict.close();
      }
    });

    it("counts figures asked for at once by many readers once, and answers them all", async () => {
      // One count a minute per address: readers who arrive while the figures are being
      // counted wait for that count instead of counting again (and being refused).
      const strict = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "1" }, dialect);
      try {
        await seedStatsFixture(strict.db.db, "sf");
        const path = `/api/v1/public/sf-prov/stats?${PERIOD}`;
        const answers = await Promise.all(Array.from({ length: 6 }, () => call(strict, "GET", path)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
        const figures = (b: { metadata: Record<string, unknown> }) => ({
          ...b,
          metadata: { ...b.metadata, generatedAt: "" },
        });
        expect(new Set(answers.map((a) => JSON.stringify(figures(a.body)))).size).toBe(1);
        expect(answers[0]?.body.totals.items).toBe(E.province.items);
        // The one count was this address' one for the minute: another period is refused.
        const other = await call(strict, "GET", "/api/v1/public/sf-prov/stats?from=2026-10-01&to=2026-10-02");
        expect(other.status).toBe(429);
      } finally {
        await strict.close();
      }
    });
  });
}
