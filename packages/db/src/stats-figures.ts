/**
 * How the statistics' counts become figures (stats-queries.ts counts): local days
 * from parts of the stored UTC text, rows summed per clinic or for all, and exact
 * medians and p90s from (duration, how many) pairs.
 */
import { type RawBuilder, sql } from "kysely";
import type { StatsRows, TimingRow } from "./stats-types.ts";

/**
 * A local day as two parts read without parsing a date (parsing and formatting every
 * timestamp was most of a national year's cost): the UTC date, and whether the UTC time
 * of day has reached the local midnight. {@link localDate} turns them into the local day.
 * Exact for any offset of whole minutes within a day.
 */
export function dayParts(
  column: string,
  offsetMinutes: number,
): { date: RawBuilder<string>; late: RawBuilder<number> } {
  const col = sql.raw(column);
  const b = midnightUtc(offsetMinutes);
  const hhmm = `${String(Math.floor(b / 60)).padStart(2, "0")}:${String(b % 60).padStart(2, "0")}`;
  return {
    date: sql`substr(${col}, 1, 10)`,
    late: sql`case when substr(${col}, 12, 5) >= ${sql.lit(hhmm)} then 1 else 0 end`,
  };
}

/** The UTC time of day (minutes) at which a local day starts. */
function midnightUtc(offsetMinutes: number): number {
  const m = Math.trunc(offsetMinutes);
  if (Math.abs(m) >= 1440) throw new RangeError(`UTC offset out of range: ${offsetMinutes} minutes`);
  return m > 0 ? 1440 - m : -m;
}

/** The local day of a UTC date and its `late` flag (see {@link dayParts}). */
export function localDate(utcDate: string, late: unknown, offsetMinutes: number): string {
  const shift = Math.trunc(offsetMinutes) > 0 ? num(late) : num(late) - 1;
  if (shift === 0) return utcDate;
  return new Date(Date.parse(`${utcDate}T00:00:00.000Z`) + shift * 86_400_000).toISOString().slice(0, 10);
}

export const num = (v: unknown): number => Number(v ?? 0);

/** Rows that differ only in parts summed away, summed into one (`n` added). */
function summed<T extends { n: number }>(rows: T[], key: (r: T) => string): T[] {
  const out = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    const had = out.get(k);
    if (had) had.n += r.n;
    else out.set(k, { ...r });
  }
  return [...out.values()];
}

/**
 * Median (the mean of the middle two when even) and p90 (nearest rank: the ⌈0.9·n⌉-th,
 * `(9n + 9) / 10` in integer division) of each clinic's durations, given as
 * (duration, how many) pairs: exact, from every value.
 */
function timingsOf(rows: { tenant_id: string | null; s: number | null; n: number }[]): TimingRow[] {
  const by = new Map<string | null, { s: number | null; n: number }[]>();
  for (const r of rows) by.set(r.tenant_id, [...(by.get(r.tenant_id) ?? []), r]);
  const out: TimingRow[] = [];
  for (const [tenant_id, list] of by) {
    // Nulls sort last, as Postgres' `order by` put them.
    list.sort((a, b) => (a.s === null ? 1 : b.s === null ? -1 : a.s - b.s));
    const n = list.reduce((t, r) => t + r.n, 0);
    if (n === 0) continue;
    const at = (rank: number): number | null => {
      let seen = 0;
      for (const r of list) {
        seen += r.n;
        if (seen >= rank) return r.s;
      }
      return null;
    };
    const lo = at(Math.floor((n + 1) / 2));
    const hi = at(Math.floor((n + 2) / 2));
    const middle = [lo, hi].filter((v): v is number => v !== null);
    out.push({
      tenant_id,
      n,
      median: middle.length ? middle.reduce((a, b) => a + b, 0) / middle.length : null,
      p90: at(Math.floor((9 * n + 9) / 10)),
    });
  }
  return out;
}

/** What the database counts; {@link figuresOf} turns it into the figures of one clinic or of all. */
export interface Counted {
  items: { tenant_id: string | null; day: string; kind: string; verdict: string; n: number }[];
  /** Claims whose first verdict fell in the period: their verdict now and seconds to it. */
  decided: { tenant_id: string | null; verdict: string; s: number | null; n: number }[];
  /** Claims first clarified in the period: the local day and seconds to it. */
  clarified: { tenant_id: string | null; day: string; s: number | null; n: number }[];
}

export function figuresOf(c: Counted, byTenant: boolean): Omit<StatsRows, "top"> {
  const who = (id: string | null) => (byTenant ? id : null);
  const decided = c.decided.map((r) => ({ ...r, tenant_id: who(r.tenant_id) }));
  const clarified = c.clarified.map((r) => ({ ...r, tenant_id: who(r.tenant_id) }));
  return {
    items: summed(
      c.items.map((r) => ({ ...r, tenant_id: who(r.tenant_id) })),
      (r) => `${r.tenant_id}|${r.day}|${r.kind}|${r.verdict}`,
    ),
    clarifiedPerDay: summed(
      clarified.map((r) => ({ tenant_id: r.tenant_id, day: r.day, n: r.n })),
      (r) => `${r.tenant_id}|${r.day}`,
    ),
    decided: summed(
      decided.map((r) => ({ tenant_id: r.tenant_id, verdict: r.verdict, n: r.n })),
      (r) => `${r.tenant_id}|${r.verdict}`,
    ),
    toVerdict: timingsOf(decided),
    toClarification: timingsOf(clarified),
  };
}
