import type { Verdict } from "@klinik/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, newUserRow, type Tenant } from "./admin.repository.ts";
import { type StatsQuery, type StatsRows, type StatsScope, statsRows, statsRowsWithClinics } from "./stats-queries.ts";
import { createTestDb, type FixtureClaim, referenceStatsRows, seedClaimAt, testPostgresUrl } from "./testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;

/** A small deterministic generator (mulberry32), so a failing dataset can be made again. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T,
  };
}

const HOUR = 3_600_000;
const START = Date.parse("2026-10-20T00:00:00.000Z");

/**
 * Claims at random instants over five weeks, many of them on a local midnight of some
 * timezone (to the minute and one millisecond before), with verdicts (some again later,
 * some before any period) and clarifications (published or draft); then items moved
 * between claims of their clinic and items left without a claim.
 */
async function seedRandom(db: Parameters<typeof seedClaimAt>[0], seed: number) {
  const r = random(seed);
  const province = await createTenant(db, { slug: `eq${seed}-p`, name: "P", kind: "province", regionCode: "32" });
  const regencies: Tenant[] = [];
  for (const [i, k] of ["a", "b", "c"].entries()) {
    regencies.push(
      await createTenant(db, {
        slug: `eq${seed}-${k}`,
        name: k,
        kind: "regency",
        regionCode: `32.0${i + 1}`,
        parentId: province.id,
      }),
    );
  }
  const other = await createTenant(db, { slug: `eq${seed}-z`, name: "Z", kind: "province", regionCode: "33" });
  const clinics = [province, ...regencies, other];
  const users = new Map<string, string>();
  for (const t of clinics) {
    const u = newUserRow({ tenantId: t.id, email: `u@${t.slug}.test`, name: "u", role: "admin" }, "x");
    await db.insertInto("users").values(u).execute();
    users.set(t.id, u.id);
  }
  const instant = () => {
    const edge = r.int(3);
    if (edge === 0) {
      // A local midnight of WIB, WITA, WIT, UTC−5 or UTC+5:30 (17:00, 16:00, 15:00, 05:00, 18:30 UTC).
      const day = START + r.int(35) * 24 * HOUR;
      const at = day + r.pick([17, 16, 15, 5, 18.5]) * HOUR - r.int(2);
      return at;
    }
    return START + r.int(35 * 24 * HOUR);
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const claims: { tenant: string; id: string }[] = [];
  for (let n = 0; n < 70; n++) {
    const t = r.pick(clinics);
    const first = instant();
    const items: FixtureClaim["items"] = Array.from({ length: 1 + r.int(4) }, (_, k) => ({
      at: iso(k === 0 ? first : first + r.int(96 * HOUR)),
      kind: r.pick(["rss", "report", "api"] as const),
    }));
    const spec: FixtureClaim = { items };
    if (r.next() < 0.6) {
      const at = first + r.int(72 * HOUR) - (r.next() < 0.1 ? 24 * HOUR : 0);
      spec.verdict = {
        at: iso(at),
        verdict: r.pick(["false", "true", "misleading"] as Verdict[]),
        ...(r.next() < 0.3 ? { again: iso(at + r.int(200 * HOUR)) } : {}),
      };
    }
    if (r.next() < 0.35) {
      spec.clarification = {
        at: iso(first + r.int(120 * HOUR)),
        title: `K${n}`,
        status: r.next() < 0.8 ? "published" : "draft",
      };
    }
    claims.push({ tenant: t.id, id: await seedClaimAt(db, t.id, users.get(t.id) as string, spec) });
  }
  const items = await db.selectFrom("items").select(["id", "tenant_id"]).orderBy("id").execute();
  for (const it of items) {
    const roll = r.next();
    if (roll < 0.08) await db.updateTable("items").set({ cluster_id: null }).where("id", "=", it.id).execute();
    else if (roll < 0.2) {
      const to = r.pick(claims.filter((c) => c.tenant === it.tenant_id));
      await db.updateTable("items").set({ cluster_id: to.id }).where("id", "=", it.id).execute();
    }
  }
  return { province, regencies, other };
}

/** Rows in one order, so two computations compare equal whatever order each counted in. */
function sorted(s: StatsRows): StatsRows {
  const by = <T>(xs: T[]) => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    items: by(s.items),
    clarifiedPerDay: by(s.clarifiedPerDay),
    decided: by(s.decided),
    toVerdict: by(s.toVerdict),
    toClarification: by(s.toClarification),
    top: s.top,
  };
}

const day = (date: string, offsetMinutes: number) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) - offsetMinutes * 60_000).toISOString();

for (const dialect of dialects) {
  describe(`statistics on ${dialect} equal the plain statements on generated claims`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    let clinics: Awaited<ReturnType<typeof seedRandom>>;

    beforeAll(async () => {
      h = await createTestDb(dialect);
      clinics = await seedRandom(h.db, 20261130);
      if (dialect === "postgres") await sql`analyze`.execute(h.db);
    }, 60_000);
    afterAll(async () => h?.close());

    const periods: [string, string][] = [
      ["2026-10-20", "2026-11-30"],
      ["2026-10-27", "2026-11-02"],
      ["2026-11-05", "2026-11-05"],
    ];
    // WIB, WITA, WIT, UTC, UTC−5, UTC+5:30.
    const offsets = [420, 480, 540, 0, -300, 330];

    it("answers every scope, period and timezone exactly as the plain statements do", async () => {
      let compared = 0;
      for (const [from, to] of periods) {
        for (const offsetMinutes of offsets) {
          for (const publicOnly of [false, true]) {
            const q: StatsQuery = {
              fromIso: day(from, offsetMinutes),
              toIso: new Date(Date.parse(day(to, offsetMinutes)) + 86_400_000).toISOString(),
              offsetMinutes,
              top: 5,
              publicOnly,
            };
            const scopes: StatsScope[] = [
              "instance",
              { clinic: clinics.regencies[0]?.id as string },
              { clinic: clinics.other.id },
              { province: clinics.province.id },
            ];
            for (const scope of scopes) {
              const got = await statsRows(h.db, scope, q, false);
              expect(sorted(got)).toEqual(sorted(await referenceStatsRows(h.db, scope, q, false)));
              compared += got.items.length;
            }
            const province = { province: clinics.province.id };
            const both = await statsRowsWithClinics(h.db, province, q);
            expect(sorted(both.total)).toEqual(sorted(await referenceStatsRows(h.db, province, q, false)));
            expect(sorted(both.byClinic)).toEqual(
              sorted(await referenceStatsRows(h.db, province, { ...q, top: 0 }, true)),
            );
          }
        }
      }
      // The dataset is not empty: the comparison compared figures.
      expect(compared).toBeGreaterThan(100);
    }, 120_000);
  });
}
