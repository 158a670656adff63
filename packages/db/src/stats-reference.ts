/**
 * The statistics' SQL as first written: each figure counted by its own statement, local
 * days made by parsing and formatting every timestamp, medians and p90s ranked in SQL.
 * Kept for tests and `pnpm bench stats` only, as the plain statement of what the figures
 * are: statsRows (stats-queries.ts) must answer exactly the same.
 */
import { type RawBuilder, sql } from "kysely";
import type { Db } from "./connect.ts";
import {
  claimDetails,
  type DayCountRow,
  type ItemCountRow,
  inScope,
  isPostgres,
  type StatsQuery,
  type StatsRows,
  type StatsScope,
  secondsBetween,
  type TimingRow,
  type TopClaimRow,
  type VerdictCountRow,
} from "./stats-queries.ts";

function localDay(pg: boolean, column: string, offsetMinutes: number): RawBuilder<string> {
  const col = sql.raw(column);
  const minutes = Math.trunc(offsetMinutes);
  return pg
    ? sql`to_char(${col}::timestamp + ${sql.lit(minutes)} * interval '1 minute', 'YYYY-MM-DD')`
    : sql`date(${col}, ${sql.lit(`${minutes} minutes`)})`;
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The figures as first written, one statement each (the reference the fast path,
 * stats-queries.ts, is compared with in tests and `pnpm bench stats`). `byTenant` also splits
 * each figure per clinic (a province's regencies side by side); without it the
 * rows carry `tenant_id: null`.
 */
export async function referenceStatsRows(
  db: Db,
  scope: StatsScope,
  q: StatsQuery,
  byTenant: boolean,
): Promise<StatsRows> {
  const pg = isPostgres(db);
  const t = (alias: string) => sql.raw(byTenant ? `${alias}.tenant_id` : "null");
  const g = (alias: string) => sql.raw(byTenant ? `${alias}.tenant_id, ` : "");

  const items = sql<ItemCountRow>`
    select ${t("i")} as tenant_id, ${localDay(pg, "i.created_at", q.offsetMinutes)} as day,
      coalesce(s.kind, case when i.report_id is not null then 'report' else 'api' end) as kind,
      coalesce(c.verdict, 'none') as verdict, count(*) as n
    from items i
    left join sources s on s.id = i.source_id and s.tenant_id = i.tenant_id
    left join clusters c on c.id = i.cluster_id and c.tenant_id = i.tenant_id
    where ${inScope(scope, "i.tenant_id")} and i.created_at >= ${q.fromIso} and i.created_at < ${q.toIso}
    group by ${g("i")}${localDay(pg, "i.created_at", q.offsetMinutes)},
      coalesce(s.kind, case when i.report_id is not null then 'report' else 'api' end), coalesce(c.verdict, 'none')`;

  // A claim's first verdict and first published clarification (of its own clinic), when that
  // fell in the period: the verdicts/clarifications of the period, of claims that had none before
  // it. Reading only the period's rows keeps a short period cheap whatever the history.
  const firstVerdicts = sql`
    select i.tenant_id, i.cluster_id, min(v.created_at) as at
    from verdicts v join items i on i.id = v.item_id and i.tenant_id = v.tenant_id
    where ${inScope(scope, "v.tenant_id")} and i.cluster_id is not null
      and v.created_at >= ${q.fromIso} and v.created_at < ${q.toIso}
      and not exists (
        select 1 from items e join verdicts ev on ev.item_id = e.id and ev.tenant_id = e.tenant_id
        where e.tenant_id = i.tenant_id and e.cluster_id = i.cluster_id and ev.created_at < ${q.fromIso})
    group by i.tenant_id, i.cluster_id`;
  const firstClarifications = sql`
    select j.tenant_id, j.cluster_id, min(cl.published_at) as at
    from clarifications cl
    join clarification_items ci on ci.clarification_id = cl.id and ci.tenant_id = cl.tenant_id
    join items j on j.id = ci.item_id and j.tenant_id = ci.tenant_id
    where ${inScope(scope, "cl.tenant_id")} and cl.status = 'published' and j.cluster_id is not null
      and cl.published_at >= ${q.fromIso} and cl.published_at < ${q.toIso}
      and not exists (
        select 1 from items e
        join clarification_items eci on eci.item_id = e.id and eci.tenant_id = e.tenant_id
        join clarifications ecl on ecl.id = eci.clarification_id and ecl.tenant_id = eci.tenant_id
        where e.tenant_id = j.tenant_id and e.cluster_id = j.cluster_id and ecl.status = 'published'
          and ecl.published_at < ${q.fromIso})
    group by j.tenant_id, j.cluster_id`;

  const clarifiedPerDay = sql<DayCountRow>`
    select ${t("f")} as tenant_id, ${localDay(pg, "f.at", q.offsetMinutes)} as day, count(*) as n
    from (${firstClarifications}) f
    group by ${g("f")}${localDay(pg, "f.at", q.offsetMinutes)}`;

  const decided = sql<VerdictCountRow>`
    select ${t("f")} as tenant_id, coalesce(c.verdict, 'none') as verdict, count(*) as n
    from (${firstVerdicts}) f join clusters c on c.id = f.cluster_id and c.tenant_id = f.tenant_id
    group by ${g("f")}coalesce(c.verdict, 'none')`;

  // Median (the mean of the middle two when even) and p90 (nearest rank: the ⌈0.9·n⌉-th) in SQL;
  // `(9n + 9) / 10` is ⌈0.9·n⌉ in integer division on both dialects.
  const timing = (firsts: RawBuilder<unknown>) => {
    const part = byTenant ? sql`partition by d.tenant_id` : sql``;
    return sql<TimingRow>`
      select ${sql.raw(byTenant ? "r.tenant_id" : "null")} as tenant_id, count(*) as n,
        avg(case when r.rn = (r.n + 1) / 2 or r.rn = (r.n + 2) / 2 then r.s end) as median,
        max(case when r.rn = (9 * r.n + 9) / 10 then r.s end) as p90
      from (
        select d.tenant_id, d.s, row_number() over (${part} order by d.s) as rn, count(*) over (${part}) as n
        from (
          select f.tenant_id, ${secondsBetween(pg, "c.first_seen_at", "f.at")} as s
          from (${firsts}) f join clusters c on c.id = f.cluster_id and c.tenant_id = f.tenant_id
        ) d
      ) r
      ${byTenant ? sql`group by r.tenant_id` : sql``}`;
  };

  const [itemRows, clarifiedRows, decidedRows, verdictTimes, clarificationTimes] = await Promise.all([
    items.execute(db),
    clarifiedPerDay.execute(db),
    decided.execute(db),
    timing(firstVerdicts).execute(db),
    timing(firstClarifications).execute(db),
  ]);
  const timingRows = (rows: TimingRow[]) =>
    rows
      .map((r) => ({ tenant_id: r.tenant_id, n: num(r.n), median: numOrNull(r.median), p90: numOrNull(r.p90) }))
      .filter((r) => r.n > 0);
  return {
    items: itemRows.rows.map((r) => ({ ...r, n: num(r.n) })),
    clarifiedPerDay: clarifiedRows.rows.map((r) => ({ ...r, n: num(r.n) })),
    decided: decidedRows.rows.map((r) => ({ ...r, n: num(r.n) })),
    toVerdict: timingRows(verdictTimes.rows),
    toClarification: timingRows(clarificationTimes.rows),
    top: await topClaims(db, scope, q),
  };
}

/** The claims with the most items first seen in the period (public: only those with a published clarification). */
async function topClaims(db: Db, scope: StatsScope, q: StatsQuery): Promise<TopClaimRow[]> {
  if (q.top <= 0) return [];
  const clarified = sql`exists (
    select 1 from clarification_items ci
    join items j on j.id = ci.item_id and j.tenant_id = ci.tenant_id
    join clarifications cl on cl.id = ci.clarification_id and cl.tenant_id = ci.tenant_id
    where ci.tenant_id = i.tenant_id and j.cluster_id = i.cluster_id and cl.status = 'published')`;
  const counted = await sql<{ tenant_id: string; cluster_id: string; n: number }>`
    select i.tenant_id, i.cluster_id, count(*) as n
    from items i
    where ${inScope(scope, "i.tenant_id")} and i.created_at >= ${q.fromIso} and i.created_at < ${q.toIso}
      and i.cluster_id is not null ${q.publicOnly ? sql`and ${clarified}` : sql``}
    group by i.tenant_id, i.cluster_id
    order by count(*) desc, i.cluster_id
    limit ${sql.lit(Math.trunc(q.top))}`.execute(db);
  return claimDetails(db, scope, q, counted.rows);
}
