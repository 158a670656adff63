/**
 * The statistics' SQL, written once for one clinic, a province with its
 * regencies, or the whole instance: the caller chooses the rows through a
 * {@link StatsScope}. Only `repositories/stats.repository.ts` (one clinic, through
 * the clinic guard) and `cross-clinic-stats.repository.ts` (province, instance)
 * call it. Everything is counted in SQL on both dialects; timestamps are ISO
 * UTC text, so a period is a text range and a local day is read from the UTC date
 * and time of day at the clinic's fixed UTC offset (WIB/WITA/WIT have no daylight
 * saving; stats-figures.ts). `stats-reference.ts` keeps the plain statements these
 * replaced; tests hold the two equal.
 */
import { PostgresAdapter, type RawBuilder, sql } from "kysely";
import type { Db } from "./connect.ts";
import { type Counted, dayParts, figuresOf, localDate, num } from "./stats-figures.ts";
import type { StatsQuery, StatsRows, StatsScope, TopClaimRow } from "./stats-types.ts";

export type {
  DayCountRow,
  ItemCountRow,
  StatsQuery,
  StatsRows,
  StatsScope,
  TimingRow,
  TopClaimRow,
  VerdictCountRow,
} from "./stats-types.ts";

export const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** A scope with its clinics listed (see {@link listedScope}). */
type ListedScope = StatsScope | { clinics: string[] };

/** The rows a scope may read, as a condition on a `tenant_id` column (a name of ours, never input). */
export function inScope(scope: ListedScope, column: string): RawBuilder<unknown> {
  const col = sql.raw(column);
  if (scope === "instance") return sql`1 = 1`;
  if ("clinic" in scope) return sql`${col} = ${scope.clinic}`;
  if ("clinics" in scope) return scope.clinics.length ? sql`${col} in (${sql.join(scope.clinics)})` : sql`1 = 0`;
  return sql`${col} in (select id from tenants where id = ${scope.province} or parent_id = ${scope.province})`;
}

/**
 * A province's clinics, read once: Postgres plans `tenant_id in (<list>)` from the
 * index on (tenant_id, created_at), where the subquery made it read every clinic's
 * items and hash every claim (`pnpm bench stats`).
 */
async function listedScope(db: Db, scope: StatsScope): Promise<ListedScope> {
  if (scope === "instance" || "clinic" in scope) return scope;
  const rows = await sql<{ id: string }>`select id from tenants where ${inScope(scope, "id")}`.execute(db);
  return { clinics: rows.rows.map((r) => r.id) };
}

export function secondsBetween(pg: boolean, from: string, to: string): RawBuilder<number> {
  return pg
    ? sql`round(extract(epoch from (${sql.raw(to)}::timestamp - ${sql.raw(from)}::timestamp))::float8)`
    : sql`round((julianday(${sql.raw(to)}) - julianday(${sql.raw(from)})) * 86400.0)`;
}

/**
 * Every figure of a scope and period, in four statements. `byTenant` also splits
 * each figure per clinic (a province's regencies side by side); without it the
 * rows carry `tenant_id: null`.
 */
export async function statsRows(db: Db, scope: StatsScope, q: StatsQuery, byTenant: boolean): Promise<StatsRows> {
  const listed = await listedScope(db, scope);
  const [counted, top] = await Promise.all([count(db, listed, q, byTenant), topClaims(db, listed, q)]);
  return { ...figuresOf(counted, byTenant), top };
}

/**
 * A scope's figures together and per clinic, counted once: the totals are the sums of
 * the clinics' counts, and their medians/p90s come from every clinic's durations.
 */
export async function statsRowsWithClinics(
  db: Db,
  scope: StatsScope,
  q: StatsQuery,
): Promise<{ total: StatsRows; byClinic: StatsRows }> {
  const listed = await listedScope(db, scope);
  const [counted, top] = await Promise.all([count(db, listed, q, true), topClaims(db, listed, q)]);
  return { total: { ...figuresOf(counted, false), top }, byClinic: { ...figuresOf(counted, true), top: [] } };
}

async function count(db: Db, scope: ListedScope, q: StatsQuery, byTenant: boolean): Promise<Counted> {
  const pg = isPostgres(db);
  const t = (alias: string) => sql.raw(byTenant ? `${alias}.tenant_id` : "null");
  const g = (alias: string) => sql.raw(byTenant ? `${alias}.tenant_id, ` : "");
  const itemDay = dayParts("i.created_at", q.offsetMinutes);
  const kind = sql`coalesce(s.kind, case when i.report_id is not null then 'report' else 'api' end)`;

  // The scope's condition on claims too: the join needs no more (same clinic as the item), but
  // Postgres then hashes only the scope's claims instead of every claim of the instance.
  const items = sql<{ tenant_id: string | null; date: string; late: number; kind: string; verdict: string; n: number }>`
    select ${t("i")} as tenant_id, ${itemDay.date} as date, ${itemDay.late} as late,
      ${kind} as kind, coalesce(c.verdict, 'none') as verdict, count(*) as n
    from items i
    left join sources s on s.id = i.source_id and s.tenant_id = i.tenant_id
    left join clusters c on c.id = i.cluster_id and c.tenant_id = i.tenant_id and ${inScope(scope, "c.tenant_id")}
    where ${inScope(scope, "i.tenant_id")} and i.created_at >= ${q.fromIso} and i.created_at < ${q.toIso}
    group by ${g("i")}${itemDay.date}, ${itemDay.late}, ${kind}, coalesce(c.verdict, 'none')`;

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
  // CROSS JOIN keeps SQLite's order (the period's clarifications first): with the planner
  // statistics every start writes it began from the province's items, 50,000 of them at
  // national size, and ran the NOT EXISTS for each (4.3 s). Postgres reorders it freely.
  const firstClarifications = sql`
    select j.tenant_id, j.cluster_id, min(cl.published_at) as at
    from clarifications cl
    cross join clarification_items ci
    cross join items j
    where ci.clarification_id = cl.id and ci.tenant_id = cl.tenant_id and j.id = ci.item_id and j.tenant_id = ci.tenant_id
      and ${inScope(scope, "cl.tenant_id")} and cl.status = 'published' and j.cluster_id is not null
      and cl.published_at >= ${q.fromIso} and cl.published_at < ${q.toIso}
      and not exists (
        select 1 from items e
        join clarification_items eci on eci.item_id = e.id and eci.tenant_id = e.tenant_id
        join clarifications ecl on ecl.id = eci.clarification_id and ecl.tenant_id = eci.tenant_id
        where e.tenant_id = j.tenant_id and e.cluster_id = j.cluster_id and ecl.status = 'published'
          and ecl.published_at < ${q.fromIso})
    group by j.tenant_id, j.cluster_id`;

  // Each set of firsts is read once: claims decided (by verdict now) and the durations, as
  // (duration, how many) pairs that give the exact median and p90 (timingsOf).
  const seconds = secondsBetween(pg, "c.first_seen_at", "f.at");
  const decidedTimes = sql<{ tenant_id: string | null; verdict: string; s: number | null; n: number }>`
    select ${t("f")} as tenant_id, coalesce(c.verdict, 'none') as verdict, ${seconds} as s, count(*) as n
    from (${firstVerdicts}) f join clusters c on c.id = f.cluster_id and c.tenant_id = f.tenant_id
    group by ${g("f")}coalesce(c.verdict, 'none'), ${seconds}`;
  const clarifiedDay = dayParts("f.at", q.offsetMinutes);
  const clarifiedTimes = sql<{ tenant_id: string | null; date: string; late: number; s: number | null; n: number }>`
    select ${t("f")} as tenant_id, ${clarifiedDay.date} as date, ${clarifiedDay.late} as late, ${seconds} as s,
      count(*) as n
    from (${firstClarifications}) f join clusters c on c.id = f.cluster_id and c.tenant_id = f.tenant_id
    group by ${g("f")}${clarifiedDay.date}, ${clarifiedDay.late}, ${seconds}`;

  const [itemRows, decidedRows, clarifiedRows] = await Promise.all([
    items.execute(db),
    decidedTimes.execute(db),
    clarifiedTimes.execute(db),
  ]);
  const day = (r: { date: string; late: unknown }) => localDate(r.date, r.late, q.offsetMinutes);
  const secs = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    items: itemRows.rows.map((r) => ({
      tenant_id: r.tenant_id,
      day: day(r),
      kind: r.kind,
      verdict: r.verdict,
      n: num(r.n),
    })),
    decided: decidedRows.rows.map((r) => ({ tenant_id: r.tenant_id, verdict: r.verdict, s: secs(r.s), n: num(r.n) })),
    clarified: clarifiedRows.rows.map((r) => ({ tenant_id: r.tenant_id, day: day(r), s: secs(r.s), n: num(r.n) })),
  };
}

/** The claims with the most items first seen in the period (public: only those with a published clarification). */
export async function topClaims(db: Db, scope: ListedScope, q: StatsQuery): Promise<TopClaimRow[]> {
  if (q.top <= 0) return [];
  // Public: only claims with a published clarification, listed first (a few thousand at
  // national size) and their items read through the claim index; an `exists` per item cost
  // SQLite 5.5 s for the instance's year (`pnpm bench stats`).
  const clarified = sql`(select distinct ci.tenant_id, j.cluster_id
    from clarification_items ci
    join items j on j.id = ci.item_id and j.tenant_id = ci.tenant_id
    join clarifications cl on cl.id = ci.clarification_id and cl.tenant_id = ci.tenant_id
    where ${inScope(scope, "ci.tenant_id")} and cl.status = 'published' and j.cluster_id is not null)`;
  const counted = await sql<{ tenant_id: string; cluster_id: string; n: number }>`
    select i.tenant_id, i.cluster_id, count(*) as n
    from ${q.publicOnly ? sql`${clarified} k join items i on i.tenant_id = k.tenant_id and i.cluster_id = k.cluster_id` : sql`items i`}
    where ${inScope(scope, "i.tenant_id")} and i.created_at >= ${q.fromIso} and i.created_at < ${q.toIso}
      and i.cluster_id is not null
    group by i.tenant_id, i.cluster_id
    order by count(*) desc, i.cluster_id
    limit ${sql.lit(Math.trunc(q.top))}`.execute(db);
  return claimDetails(db, scope, q, counted.rows);
}

/**
 * The counted claims of the top list with what is shown of each: its clinic, verdict and an
 * excerpt (staff), and its first published clarification (public: only claims that have one).
 */
export async function claimDetails(
  db: Db,
  scope: ListedScope,
  q: StatsQuery,
  counted: { tenant_id: string; cluster_id: string; n: number }[],
): Promise<TopClaimRow[]> {
  if (counted.length === 0) return [];
  const ids = counted.map((r) => r.cluster_id);
  const [claims, answers] = await Promise.all([
    sql<{ id: string; tenant_id: string; slug: string; verdict: string | null; text: string }>`
      select c.id, c.tenant_id, t.slug, c.verdict, ri.text
      from clusters c
      join tenants t on t.id = c.tenant_id
      join items ri on ri.id = c.representative_item_id and ri.tenant_id = c.tenant_id
      where ${inScope(scope, "c.tenant_id")} and c.id in (${sql.join(ids)})`.execute(db),
    sql<{ cluster_id: string; id: string; title: string }>`
      select j.cluster_id, cl.id, cl.title
      from clarification_items ci
      join items j on j.id = ci.item_id and j.tenant_id = ci.tenant_id
      join clarifications cl on cl.id = ci.clarification_id and cl.tenant_id = ci.tenant_id
      where ${inScope(scope, "ci.tenant_id")} and cl.status = 'published' and j.cluster_id in (${sql.join(ids)})
      order by cl.published_at, cl.id`.execute(db),
  ]);
  const claimBy = new Map(claims.rows.map((c) => [c.id, c]));
  const answerBy = new Map<string, { id: string; title: string }>();
  for (const a of answers.rows) if (!answerBy.has(a.cluster_id)) answerBy.set(a.cluster_id, a);
  return counted.flatMap((r) => {
    const c = claimBy.get(r.cluster_id);
    if (!c) return [];
    const answer = answerBy.get(r.cluster_id);
    if (q.publicOnly && !answer) return [];
    return [
      {
        cluster_id: r.cluster_id,
        tenant_id: c.tenant_id,
        clinic_slug: c.slug,
        items: num(r.n),
        verdict: c.verdict,
        excerpt: q.publicOnly ? null : c.text.slice(0, 280),
        clarification_id: answer?.id ?? null,
        clarification_title: answer?.title ?? null,
      },
    ];
  });
}
