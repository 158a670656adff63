import { SOURCE_KINDS, VERDICTS } from "@klinik/core";
import type { StatsRows, TopClaimRow } from "@klinik/db";
import type { StatsPeriod } from "./stats-period.ts";

/** Where an item came from: a source's kind, a public report, or an integration token (`api`). */
export const ITEM_KINDS = [...SOURCE_KINDS, "report", "api"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
/** A claim's verdict, or `none` while it has none. */
export const VERDICT_KEYS = [...VERDICTS, "none"] as const;
export type VerdictKey = (typeof VERDICT_KEYS)[number];

export type StatsScopeName = "clinic" | "province" | "instance";

export interface Timing {
  /** Claims measured. */
  claims: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface StatsDay {
  date: string;
  items: number;
  byKind: Record<ItemKind, number>;
  byVerdict: Record<VerdictKey, number>;
  claimsClarified: number;
}

export interface StatsTotals {
  items: number;
  reports: number;
  claimsDecided: number;
  claimsClarified: number;
}

export interface StatsFigures {
  totals: StatsTotals;
  byKind: Record<ItemKind, number>;
  byVerdict: Record<VerdictKey, number>;
  /** Claims first decided in the period, by the verdict they have now. */
  decided: Record<VerdictKey, number>;
  timeToVerdict: Timing;
  timeToClarification: Timing;
}

export interface StatsClinicRef {
  id: string;
  slug: string;
  name: string;
  /** The name its public pages carry (display name, else name). */
  publicName: string;
  regionCode: string | null;
}

export interface StatsReport extends StatsFigures {
  scope: StatsScopeName;
  /** The clinic read (absent for the instance). */
  clinic: StatsClinicRef | null;
  period: StatsPeriod;
  days: StatsDay[];
  topClaims: TopClaimRow[];
  /** A province's own figures and each regency's, side by side (province scope only). */
  clinics: (StatsClinicRef & StatsFigures)[];
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const kindOf = (k: string): ItemKind => ((ITEM_KINDS as readonly string[]).includes(k) ? (k as ItemKind) : "api");
const verdictOf = (v: string): VerdictKey =>
  (VERDICT_KEYS as readonly string[]).includes(v) ? (v as VerdictKey) : "none";

function timing(rows: StatsRows["toVerdict"]): Timing {
  const r = rows[0];
  return { claims: r?.n ?? 0, medianSeconds: r?.median ?? null, p90Seconds: r?.p90 ?? null };
}

/** The figures of one set of rows (already narrowed to one clinic, or the total). */
export function figuresOf(
  rows: Pick<StatsRows, "items" | "clarifiedPerDay" | "decided" | "toVerdict" | "toClarification">,
): StatsFigures {
  const byKind = zeros(ITEM_KINDS);
  const byVerdict = zeros(VERDICT_KEYS);
  for (const r of rows.items) {
    byKind[kindOf(r.kind)] += r.n;
    byVerdict[verdictOf(r.verdict)] += r.n;
  }
  const decided = zeros(VERDICT_KEYS);
  for (const r of rows.decided) decided[verdictOf(r.verdict)] += r.n;
  const items = Object.values(byKind).reduce((a, b) => a + b, 0);
  return {
    totals: {
      items,
      reports: byKind.report,
      claimsDecided: Object.values(decided).reduce((a, b) => a + b, 0),
      claimsClarified: rows.clarifiedPerDay.reduce((a, r) => a + r.n, 0),
    },
    byKind,
    byVerdict,
    decided,
    timeToVerdict: timing(rows.toVerdict),
    timeToClarification: timing(rows.toClarification),
  };
}

/** Every day of the period, zero where nothing happened. */
export function daysOf(rows: StatsRows, period: StatsPeriod): StatsDay[] {
  const byDate = new Map<string, StatsDay>(
    period.days.map((date) => [
      date,
      { date, items: 0, byKind: zeros(ITEM_KINDS), byVerdict: zeros(VERDICT_KEYS), claimsClarified: 0 },
    ]),
  );
  for (const r of rows.items) {
    const d = byDate.get(r.day);
    if (!d) continue;
    d.items += r.n;
    d.byKind[kindOf(r.kind)] += r.n;
    d.byVerdict[verdictOf(r.verdict)] += r.n;
  }
  for (const r of rows.clarifiedPerDay) {
    const d = byDate.get(r.day);
    if (d) d.claimsClarified += r.n;
  }
  return [...byDate.values()];
}

/** One clinic's part of rows counted per clinic. */
export function rowsOfClinic(rows: StatsRows, tenantId: string): StatsRows {
  const mine = <T extends { tenant_id: string | null }>(list: T[]) => list.filter((r) => r.tenant_id === tenantId);
  return {
    items: mine(rows.items),
    clarifiedPerDay: mine(rows.clarifiedPerDay),
    decided: mine(rows.decided),
    toVerdict: mine(rows.toVerdict),
    toClarification: mine(rows.toClarification),
    top: [],
  };
}
