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
  /** The `search_version` of its last change the public search can see (migration 0018). */
  changed: number;
}

/** One row (id 1): raised by triggers on every change the public search can see (migration 0018). */
export interface SearchVersionTable {
  id: number;
  version: number;
}

export interface SearchTables {
  clarification_search: ClarificationSearchTable;
  search_version: SearchVersionTable;
}
