/**
 * `pnpm bench stats [--items=1000000] [--clinics=552] [--runs=5] [--keep]`: what the
 * statistics cost at national size on Postgres (TEST_POSTGRES_URL, when set) and on
 * SQLite: one clinic,
 * a province with 27 regencies, and the whole instance, for 30 and 365 days,
 * the shipped statements (statsRows) and the ones they replaced (referenceStatsRows)
 * side by side in one run, on the migrated schema (its indexes). The data is made
 * in SQL (generate_series / a recursive CTE): items over a year, 4 per claim, a third of the
 * claims decided, one in sixty clarified.
 */
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Db,
  forClinic,
  instanceStatsRows,
  migrateToLatest,
  openDb,
  provinceStatsRows,
  type StatsQuery,
} from "@klinik/db";
import { createTestDb, referenceStatsRows, testPostgresUrl } from "@klinik/db/testing";
import { sql } from "kysely";
import { arg, table } from "./_util.ts";

export default async function main(argv: string[]) {
  const items = arg(argv, "items", 1_000_000);
  const clinics = arg(argv, "clinics", 552);
  const runs = arg(argv, "runs", 5);
  const keep = argv.includes("--keep");
  const dialects = [...(testPostgresUrl() ? (["postgres"] as const) : []), "sqlite"] as const;
  if (!testPostgresUrl()) console.log("TEST_POSTGRES_URL not set: SQLite only");
  for (const dialect of dialects) {
    const db = keep ? await keptDb(dialect, items, clinics) : await createTestDb(dialect);
    try {
      const seeded = Number(
        (await sql<{ n: string }>`select count(*) as n from tenants`.execute(db.db)).rows[0]?.n ?? 0,
      );
      if (seeded === 0) {
        const t0 = performance.now();
        await seed(db.db, dialect, items, clinics);
        const ms = Math.round(performance.now() - t0);
        console.log(`${dialect}: seeded ${items.toLocaleString("en-US")} items in ${clinics} clinics in ${ms} ms`);
      } else
        console.log(`${dialect}: reusing the seeded data (${items.toLocaleString("en-US")} items, ${clinics} clinics)`);
      console.log(
        `statistics on ${dialect}, ${runs} alternated runs per case (median), load before ${loadavg()[0]?.toFixed(2)}`,
      );
      console.log(table(await measure(db.db, runs)));
    } finally {
      await db.close();
    }
  }
}

/** Every scope for 30 and 365 days, statsRows and the reference side by side, alternated. */
async function measure(db: Db, runs: number): Promise<(string | number)[][]> {
  const end = Date.parse("2026-11-30T17:00:00.000Z");
  const period = (days: number): StatsQuery => ({
    fromIso: new Date(end - days * 86_400_000).toISOString(),
    toIso: new Date(end).toISOString(),
    offsetMinutes: 420,
    top: 10,
    publicOnly: false,
  });
  type Run = (q: StatsQuery) => Promise<unknown>;
  // The shipped path (statsRows) and the statements it replaced (referenceStatsRows), per scope.
  const reference: Record<string, Run> = {
    "clinic (1 of 552)": (q) => referenceStatsRows(db, { clinic: "t5" }, q, false),
    "province + 27 regencies": (q) =>
      Promise.all([
        referenceStatsRows(db, { province: "t0" }, q, false),
        referenceStatsRows(db, { province: "t0" }, { ...q, top: 0 }, true),
      ]),
    instance: (q) => referenceStatsRows(db, "instance", q, false),
    "instance, public": (q) => referenceStatsRows(db, "instance", { ...q, publicOnly: true }, false),
  };
  const current: Record<string, Run> = {
    "clinic (1 of 552)": (q) => forClinic(db, "t5").clinicStats(q),
    "province + 27 regencies": (q) => provinceStatsRows(db, "t0", q),
    instance: (q) => instanceStatsRows(db, q),
    "instance, public": (q) => instanceStatsRows(db, { ...q, publicOnly: true }),
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
        await time(`ref|${name}|${days}`, () => (reference[name] as Run)(q));
        await time(`cur|${name}|${days}`, () => (current[name] as Run)(q));
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
  return rows;
}

/**
 * `--keep`: the data is seeded once and kept, so a second run measures without seeding
 * 1M rows again: Postgres schema `bench_stats_<items>_<clinics>`, SQLite file
 * `<tmpdir>/klinik-bench/stats-<items>-<clinics>.sqlite` (delete them by hand when done).
 */
async function keptDb(dialect: "sqlite" | "postgres", items: number, clinics: number) {
  if (dialect === "sqlite") {
    const handle = openDb(`sqlite:${join(tmpdir(), "klinik-bench", `stats-${items}-${clinics}.sqlite`)}`);
    await migrateToLatest(handle.db);
    return handle;
  }
  const base = testPostgresUrl() as string;
  const schema = `bench_stats_${items}_${clinics}`;
  const admin = openDb(base, { poolSize: 1 });
  await sql`create schema if not exists ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const handle = openDb(base, { schema, poolSize: 4 });
  await migrateToLatest(handle.db);
  return handle;
}

/** The national-size data, made by the database itself (one statement per table). */
async function seed(db: Db, dialect: "sqlite" | "postgres", items: number, clinics: number) {
  const pg = dialect === "postgres";
  // ISO text of `seconds` after 2025-12-01T00:00:00Z.
  const iso = (seconds: string) =>
    sql.raw(
      pg
        ? `to_char(timestamp '2025-12-01 00:00:00' + (${seconds})::float8 * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : `strftime('%Y-%m-%dT%H:%M:%fZ', '2025-12-01 00:00:00', (${seconds}) || ' seconds')`,
    );
  // 0 … n − 1 as column `name` of a relation `name`: `${head} insert … select … from ${name}`.
  const series = (name: string, n: number) => ({
    head: sql.raw(
      pg
        ? ""
        : `with recursive ${name}(${name}) as (select 0 union all select ${name} + 1 from ${name} where ${name} < ${n - 1})`,
    ),
    from: sql.raw(pg ? `generate_series(0, ${n - 1}) ${name}` : name),
  });
  // Item i is seen at i/items of a year; claim j = i / 4 belongs to clinic j % clinics.
  const seenAt = (i: string) => `(${i}) * 31536000.0 / ${items}`;
  const c = sql.lit(clinics);
  const g = series("g", clinics);
  const i = series("i", items);
  const j = series("j", Math.ceil(items / 4));
  await sql`${g.head} insert into tenants (id, slug, name, timezone, created_at, region_code, parent_id, kind, status, require_approval, require_totp)
    select 't' || g, 'klinik-' || g, 'Klinik ' || g, 'Asia/Jakarta', '2025-01-01T00:00:00.000Z',
      case when g = 0 then '32' when g < 10 then '32.0' || g when g <= 27 then '32.' || g else null end,
      case when g between 1 and 27 then 't0' else null end,
      case when g = 0 then 'province' when g <= 27 then 'regency' else 'independent' end, 'active', 0, 0
    from ${g.from}`.execute(db);
  await sql`insert into users (id, tenant_id, email, name, password_hash, role, created_at, operator, active, totp_enabled)
    values ('u0', 't0', 'bench@contoh.test', 'Bench', 'x', 'admin', '2025-01-01T00:00:00.000Z', 1, 1, 0)`.execute(db);
  await sql`${g.head} insert into sources (id, tenant_id, kind, name, url, schedule_sec, enabled, consecutive_failures, items_added, created_at)
    select 's' || g, 't' || g, 'rss', 'Feed', 'https://contoh.test/' || g || '.xml', 300, 1, 0, 0, '2025-01-01T00:00:00.000Z'
    from ${g.from}`.execute(db);
  await sql`${i.head} insert into items (id, tenant_id, source_id, report_id, dedup_key, text, content_hash, score, status, cluster_id, created_at, updated_at)
    select 'i' || i, 't' || ((i / 4) % ${c}),
      case when i % 5 = 0 then null else 's' || ((i / 4) % ${c}) end, null,
      'bench:' || i, 'Pesan berantai nomor ' || i, 'h' || i, 0.8,
      case when (i / 4) % 3 = 0 then 'done' else 'new' end, 'c' || (i / 4),
      ${iso(seenAt("i"))}, ${iso(seenAt("i"))}
    from ${i.from}`.execute(db);
  await sql`${j.head} insert into clusters (id, tenant_id, representative_item_id, size, first_seen_at, last_seen_at, max_score, status, verdict, created_at, updated_at)
    select 'c' || j, 't' || (j % ${c}), 'i' || (j * 4), 4, ${iso(seenAt("j * 4"))}, ${iso(seenAt("j * 4"))}, 0.8,
      case when j % 3 = 0 then 'done' else 'new' end, case when j % 3 = 0 then 'false' else null end,
      ${iso(seenAt("j * 4"))}, ${iso(seenAt("j * 4"))}
    from ${j.from}`.execute(db);
  await sql`${i.head} insert into verdicts (id, tenant_id, item_id, user_id, verdict, created_at)
    select 'v' || i, 't' || ((i / 4) % ${c}), 'i' || i, 'u0', 'false',
      ${iso(`${seenAt("(i / 4) * 4")} + ((i / 4) % 48 + 1) * 3600`)}
    from ${i.from} where (i / 4) % 3 = 0`.execute(db);
  await sql`${j.head} insert into clarifications (id, tenant_id, title, body, verdict, status, created_by, created_at, published_at)
    select 'k' || j, 't' || (j % ${c}), 'Klarifikasi ' || j, 'Penjelasan', 'false', 'published', 'u0',
      ${iso(`${seenAt("j * 4")} + 86400`)}, ${iso(`${seenAt("j * 4")} + 86400`)}
    from ${j.from} where j % 60 = 0`.execute(db);
  await sql`${j.head} insert into clarification_items (clarification_id, item_id, tenant_id)
    select 'k' || j, 'i' || (j * 4), 't' || (j % ${c})
    from ${j.from} where j % 60 = 0`.execute(db);
  await sql`analyze`.execute(db);
}
