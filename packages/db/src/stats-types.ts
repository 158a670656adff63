/** The statistics' query and rows (counted in stats-queries.ts, shaped in stats-figures.ts). */
/** Whose rows: one clinic, a province clinic and its regencies/cities, or every clinic. */
export type StatsScope = { clinic: string } | { province: string } | "instance";

export interface StatsQuery {
  /** First instant of the period (ISO UTC, inclusive). */
  fromIso: string;
  /** End of the period (ISO UTC, exclusive). */
  toIso: string;
  /** The clinic's UTC offset in minutes (WIB 420, WITA 480, WIT 540): days are local days. */
  offsetMinutes: number;
  /** How many top claims. */
  top: number;
  /** Public figures: top claims only when clarified, and never an item's text. */
  publicOnly: boolean;
}

/** Items first seen per local day, by source kind and by the verdict their claim has now ("none" undecided). */
export interface ItemCountRow {
  tenant_id: string | null;
  day: string;
  kind: string;
  verdict: string;
  n: number;
}

export interface DayCountRow {
  tenant_id: string | null;
  day: string;
  n: number;
}

export interface VerdictCountRow {
  tenant_id: string | null;
  verdict: string;
  n: number;
}

/** Seconds from a claim's first sighting to its first verdict / first published clarification. */
export interface TimingRow {
  tenant_id: string | null;
  n: number;
  median: number | null;
  p90: number | null;
}

export interface TopClaimRow {
  cluster_id: string;
  tenant_id: string;
  clinic_slug: string;
  items: number;
  verdict: string | null;
  /** The representative item's text, cut; null in public figures. */
  excerpt: string | null;
  clarification_id: string | null;
  clarification_title: string | null;
}

export interface StatsRows {
  items: ItemCountRow[];
  clarifiedPerDay: DayCountRow[];
  decided: VerdictCountRow[];
  toVerdict: TimingRow[];
  toClarification: TimingRow[];
  top: TopClaimRow[];
}
