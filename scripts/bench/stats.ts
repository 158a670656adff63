/**
 * `pnpm bench stats [--items=1000000] [--clinics=552] [--runs=5] [--keep]`: what the
 * statistics cost at national size on Postgres (TEST_POSTGRES_URL): one clinic,
 * a province with 27 regencies, and the whole instance, for 30 and 365 days,
 * the shipped statements (statsRows) and the ones they replaced (referenceStatsRows)
 * side by side in one run, on the migrated schema (its indexes). The data is made
 * in SQL (generate_series): items over a year, 4 per claim, a third of the
 * claims decided, one in sixty clarified.
 */
import { loadavg } from "node:os";
import { forClinic, instanceStatsRows, migrateToLatest, openDb, provinceStatsRows, type StatsQuery } from "@klinik/db";
import { createTestDb, referenceStatsRows, testPostgresUrl } from "@klinik/db/testing";
import { sql } from "kysely";
import { arg, table } from "./_util.ts";

export default async function main(argv: string[]) {
  if (!testPostgresUrl()) throw new Error("set TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");
  const items = arg(argv, "items", 1_000_000);
  const clinics = arg(argv, "clinics", 552);
  const runs = arg(argv, "runs", 5);
  const keep = argv.includes("--keep");
  const db = keep ? await keptDb(items, clinics) : await createTestDb("postgres");
  try {
    const seeded = Number((await sql<{ n: string }>`select count(*) as n from tenants`.execute(db.db)).rows[0]?.n ?? 0);
    if (seeded === 0) {
      const t0 = performance.now();
      await seed(db.db, items, clinics);
      console.log(
        `seeded ${items.toLocaleString("en-US")} items in ${clinics} clinics in ${Math.round(performance.now() - t0)} ms`,
      );
    } else console.log(`reusing the seeded schema (${items.toLocaleString("en-US")} items, ${clinics} clinics)`);
    const end = Date.parse("2026-11-30T17:00:00.000Z");
    const period = (days: number): StatsQuery => ({
      fromIso: new Date(end - days * 86_400_000).toISOString(),
      toIso: new Date(end).toISOString(),
      offsetMinutes: 420,
      top: 10,
      publicOnly: false,
    });
    // The shipped path (statsRows) and the statements it replaced (referenceStatsRows), per scope.
    const reference: Record<string, (q: StatsQuery) => Promise<unknown>> = {
      "clinic (1 of 552)": (q) => referenceStatsRows(db.db, { clinic: "t5" }, q, false),
      "province + 27 regencies": (q) =>
        Promise.all([
          referenceStatsRows(db.db, { province: "t0" }, q, false),
          referenceStatsRows(db.db, { province: "t0" }, { ...q, top: 0 }, true),
        ]),
      instance: (q) => referenceStatsRows(db.db, "instance", q, false),
      "instance, public": (q) => referenceStatsRows(db.db, "instance", { ...q, publicOnly: true }, false),
    };
    const current: Record<string, (q: StatsQuery) => Promise<unknown>> = {
      "clinic (1 of 552)": (q) => forClinic(db.db, "t5").clinicStats(q),
      "province + 27 regencies": (q) => provinceStatsRows(db.db, "t0", q),
      instance: (q) => instanceStatsRows(db.db, q),
      "instance, public": (q) => instanceStatsRows(db.db, { ...q, publicOnly: true }),
    };
    const times: Record<string, number[]> = {};
    const time = async (key: string, run: () => Promise<unknown>) => {
      const t = performance.now();
      await run();
      times[key] = [...(times[key] ?? []), performance.now() - t];
    };
    // Alternated: each round runs every case both ways, so load on the machine falls on all alike.
    // Round 0 warms the cache and is not counted.
    for (let r = 0; r <= runs; r++) {
      for (const days of [30, 365]) {
        for (const name of Object.keys(current)) {
          const q = period(days);
          await time(`ref|${name}|${days}`, () => (reference[name] as (q: StatsQuery) => Promise<unknown>)(q));
          await time(`cur|${name}|${days}`, () => (current[name] as (q: StatsQuery) => Promise<unknown>)(q));
        }
      }
    }
    const median = (key: string) => {
      const v = (times[key] ?? []).slice(1).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)] ?? 0;
    };
    const rows: (string | number)[][] = [
      ["scope", "days", "median ms (reference SQL)", "median ms (statsRows)", "ratio"],
    ];
    for (const name of Object.keys(current)) {
      for (const days of [30, 365]) {
        const a = median(`ref|${name}|${days}`);
        const b = median(`cur|${name}|${days}`);
        rows.push([name, days, Math.round(a), Math.round(b), Number((a / Math.max(b, 0.001)).toFixed(2))]);
      }
    }
    console.log(`statistics on Postgres, ${runs} alternated runs per case (median), load ${loadavg()[0]?.toFixed(2)}`);
    console.log(table(rows));
  } finally {
    await db.close();
  }
}

/**
 * `--keep`: the schema `bench_stats_<items>_<clinics>` is seeded once and kept, so a
 * second run measures without seeding 1M rows again (drop it by hand when done).
 */
async function keptDb(items: number, clinics: number) {
  const base = testPostgresUrl() as string;
  const schema = `bench_stats_${items}_${clinics}`;
  const admin = openDb(base, { poolSize: 1 });
  await sql`create schema if not exists ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const handle = openDb(base, { schema, poolSize: 4 });
  await migrateToLatest(handle.db);
  return handle;
}

/** The national-size data, made by Postgres itself (one statement per table). */
async function seed(db: Awaited<ReturnType<typeof createTestDb>>["db"], items: number, clinics: number) {
  const iso = (expr: string) => sql.raw(`to_char(${expr}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const start = "timestamp '2025-12-01 00:00:00'";
  // Item i is seen at start + i/items of a year; claim j = i / 4 belongs to clinic j % clinics.
  const seenAt = (i: string) => `${start} + (${i}::float8 / ${items}) * interval '365 days'`;
  await sql`insert into tenants (id, slug, name, timezone, created_at, region_code, parent_id, kind, status, require_approval, require_totp)
    select 't' || g, 'klinik-' || g, 'Klinik ' || g, 'Asia/Jakarta', '2025-01-01T00:00:00.000Z',
      case when g = 0 then '32' when g <= 27 then '32.' || lpad(g::text, 2, '0') else null end,
      case when g between 1 and 27 then 't0' else null end,
      case when g = 0 then 'province' when g <= 27 then 'regency' else 'independent' end, 'active', 0, 0
    from generate_series(0, ${sql.lit(clinics - 1)}) g`.execute(db);
  await sql`insert into users (id, tenant_id, email, name, password_hash, role, created_at, operator, active, totp_enabled)
    values ('u0', 't0', 'bench@contoh.test', 'Bench', 'x', 'admin', '2025-01-01T00:00:00.000Z', 1, 1, 0)`.execute(db);
  await sql`insert into sources (id, tenant_id, kind, name, url, schedule_sec, enabled, consecutive_failures, items_added, created_at)
    select 's' || g, 't' || g, 'rss', 'Feed', 'https://contoh.test/' || g || '.xml', 300, 1, 0, 0, '2025-01-01T00:00:00.000Z'
    from generate_series(0, ${sql.lit(clinics - 1)}) g`.execute(db);
  await sql`insert into items (id, tenant_id, source_id, report_id, dedup_key, text, content_hash, score, status, cluster_id, created_at, updated_at)
    select 'i' || i, 't' || ((i / 4) % ${sql.lit(clinics)}),
      case when i % 5 = 0 then null else 's' || ((i / 4) % ${sql.lit(clinics)}) end, null,
      'bench:' || i, 'Pesan berantai nomor ' || i, md5(i::text), 0.8,
      case when (i / 4) % 3 = 0 then 'done' else 'new' end, 'c' || (i / 4),
      ${iso(seenAt("i"))}, ${iso(seenAt("i"))}
    from generate_series(0, ${sql.lit(items - 1)}) i`.execute(db);
  await sql`insert into clusters (id, tenant_id, representative_item_id, size, first_seen_at, last_seen_at, max_score, status, verdict, created_at, updated_at)
    select 'c' || j, 't' || (j % ${sql.lit(clinics)}), 'i' || (j * 4), 4, ${iso(seenAt("j * 4"))}, ${iso(seenAt("j * 4"))}, 0.8,
      case when j % 3 = 0 then 'done' else 'new' end, case when j % 3 = 0 then 'false' else null end,
      ${iso(seenAt("j * 4"))}, ${iso(seenAt("j * 4"))}
    from generate_series(0, ${sql.lit(Math.ceil(items / 4) - 1)}) j`.execute(db);
  await sql`insert into verdicts (id, tenant_id, item_id, user_id, verdict, created_at)
    select 'v' || i, 't' || ((i / 4) % ${sql.lit(clinics)}), 'i' || i, 'u0', 'false',
      ${iso(`${seenAt("(i / 4) * 4")} + ((i / 4) % 48 + 1) * interval '1 hour'`)}
    from generate_series(0, ${sql.lit(items - 1)}) i where (i / 4) % 3 = 0`.execute(db);
  await sql`insert into clarifications (id, tenant_id, title, body, verdict, status, created_by, created_at, published_at)
    select 'k' || j, 't' || (j % ${sql.lit(clinics)}), 'Klarifikasi ' || j, 'Penjelasan', 'false', 'published', 'u0',
      ${iso(`${seenAt("j * 4")} + interval '1 day'`)}, ${iso(`${seenAt("j * 4")} + interval '1 day'`)}
    from generate_series(0, ${sql.lit(Math.ceil(items / 4) - 1)}) j where j % 60 = 0`.execute(db);
  await sql`insert into clarification_items (clarification_id, item_id, tenant_id)
    select 'k' || j, 'i' || (j * 4), 't' || (j % ${sql.lit(clinics)})
    from generate_series(0, ${sql.lit(Math.ceil(items / 4) - 1)}) j where j % 60 = 0`.execute(db);
  await sql`analyze`.execute(db);
}
