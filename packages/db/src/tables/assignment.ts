type Iso = string;

/** Assignment on a claim (migration 0014): who should decide it, who asked and by when. Opening it changes none. */
export interface ClusterAssignmentColumns {
  assignee_id?: string | null;
  assigned_by?: string | null;
  due_at?: Iso | null;
}

/** The short soft lock on a clarification while someone edits it (migration 0014; never taken by reading). */
export interface ClarificationLockColumns {
  locked_by?: string | null;
  locked_until?: Iso | null;
}
