import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forClinic, instanceStatsRows, provinceStatsRows, type StatsQuery, type StatsRows } from "./index.ts";
import { createTestDb, STATS_EXPECTED, type StatsFixture, seedStatsFixture, testPostgresUrl } from "./testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;

/** 2026-11-01 … 2026-11-07 in WIB. */
const PERIOD: StatsQuery = {
  fromIso: "2026-10-31T17:00:00.000Z",
  toIso: "2026-11-07T17:00:00.000Z",
  offsetMinutes: 420,
  top: 10,
  publicOnly: false,
};

const sumBy = (rows: StatsRows["items"], key: "kind" | "verdict" | "day") => {
  const out: Record<string, number> = {};
  for (const r of rows) out[r[key]] = (out[r[key]] ?? 0) + r.n;
  return out;
};
const total = (rows: { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);

for (const dialect of dialects) {
  describe(`statistics counted in SQL on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    let f: StatsFixture;

    beforeAll(async () => {
      h = await createTestDb(dialect);
      f = await seedStatsFixture(h.db);
    });
    afterAll(async () => h?.close());

    it("counts a clinic's items per local day, by kind and by verdict, and its claims decided and clarified", async () => {
      const s = await forClinic(h.db, f.a.id).clinicStats(PERIOD);
      const e = STATS_EXPECTED.a;
      expect(total(s.items)).toBe(e.items);
      expect(sumBy(s.items, "kind")).toEqual(e.byKind);
      expect(sumBy(s.items, "verdict")).toEqual(e.byVerdict);
      expect(sumBy(s.items, "day")).toEqual(e.perDay);
      expect(Object.fromEntries(s.decided.map((r) => [r.verdict, r.n]))).toEqual(e.decided);
      expect(Object.fromEntries(s.clarifiedPerDay.map((r) => [r.day, r.n]))).toEqual(e.clarifiedPerDay);
    });

    it("gives the median and p90 from first seen to verdict and to clarification as worked out by hand", async () => {
      const s = await forClinic(h.db, f.a.id).clinicStats(PERIOD);
      expect(s.toVerdict).toEqual([{ tenant_id: null, ...STATS_EXPECTED.a.toVerdict }]);
      expect(s.toClarification).toEqual([{ tenant_id: null, ...STATS_EXPECTED.a.toClarification }]);
    });

    it("ranks top claims; public figures keep only clarified claims and never an item's text", async () => {
      const staff = await forClinic(h.db, f.a.id).clinicStats(PERIOD);
      expect(staff.top[0]).toMatchObject({
        cluster_id: f.claims.c1,
        items: 3,
        clarification_title: "Hoaks: vaksin berisi <chip>",
      });
      expect(staff.top[0]?.excerpt).toContain("Vaksin berisi chip");
      expect(staff.top.map((t) => t.cluster_id)).toContain(f.claims.c5);
      const open = await forClinic(h.db, f.a.id).clinicStats({ ...PERIOD, publicOnly: true });
      expect(open.top.map((t) => [t.cluster_id, t.items, t.excerpt])).toEqual([
        [f.claims.c1, 3, null],
        [f.claims.c2, 2, null],
      ]);
    });

    it("adds a province's regencies side by side, and the instance all clinics", async () => {
      const p = await provinceStatsRows(h.db, f.province.id, PERIOD);
      expect(total(p.total.items)).toBe(STATS_EXPECTED.province.items);
      expect(p.total.toVerdict).toEqual([{ tenant_id: null, ...STATS_EXPECTED.province.toVerdict }]);
      const byClinic = Object.fromEntries(p.byClinic.toVerdict.map((r) => [r.tenant_id, r]));
      expect(byClinic[f.a.id]).toMatchObject(STATS_EXPECTED.a.toVerdict);
      expect(byClinic[f.b.id]).toMatchObject(STATS_EXPECTED.b.toVerdict);
      const items = (id: string) => total(p.byClinic.items.filter((r) => r.tenant_id === id));
      expect([items(f.a.id), items(f.b.id), items(f.z.id)]).toEqual([10, 5, 0]);
      const all = await instanceStatsRows(h.db, PERIOD);
      expect(total(all.items)).toBe(STATS_EXPECTED.instance.items);
    });

    it("keeps one clinic's figures to that clinic", async () => {
      const b = await forClinic(h.db, f.b.id).clinicStats(PERIOD);
      expect(total(b.items)).toBe(STATS_EXPECTED.b.items);
      expect(b.top.map((t) => t.cluster_id)).toEqual([f.claims.c8]);
    });
  });
}
