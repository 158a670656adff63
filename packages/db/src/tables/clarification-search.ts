type Iso = string;

/**
 * A clarification's words as the search normalised them (migration 0009); one row per
 * clarification, added and marked stale by triggers, filled by the search service.
 * Indexed by FTS5 (`clarification_fts`) on SQLite and by a generated tsvector on Postgres.
 */
export interface ClarificationSearchTable {
  clarification_id: string;
  tenant_id: string;
  /** Space-separated normalised terms ("" until first indexed). */
  search_text: string;
  /** > 0: the clarification changed since `search_text` was written (a count of changes). */
  stale: number;
  indexed_at: Iso | null;
}

export interface SearchTables {
  clarification_search: ClarificationSearchTable;
}
