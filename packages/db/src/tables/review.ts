type Iso = string;

/** An analyst's note on a claim (review UI). */
export interface ClusterNoteTable {
  id: string;
  tenant_id: string;
  cluster_id: string;
  user_id: string;
  body: string;
  created_at: Iso;
}

export interface ItemClusterSuggestionTable {
  tenant_id: string;
  item_id: string;
  /** A cluster the item resembles without being a confirmed near-duplicate. */
  cluster_id: string;
  similarity: number;
}
