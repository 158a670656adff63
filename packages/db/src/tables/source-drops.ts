type Iso = string;

/** Entries a source's fetches did not store (migration 0008): every loss has a count and a reason. */
export interface SourceDropColumns {
  /** Entries fetched but not stored, over every fetch. */
  dropped_total: number;
  /** JSON of those counts per reason, e.g. {"cap":120,"empty":3} (see sourceDrops). */
  drops: string | null;
  last_drop_reason: string | null;
  last_drop_at: Iso | null;
}
