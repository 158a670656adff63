/** Timestamps are ISO-8601 UTC strings on both SQLite and Postgres. */
type Iso = string;

/** A report from the public (POST /api/v1/public/{tenant}/reports or the form at /k/{slug}/lapor). */
export interface ReportTable {
  id: string;
  tenant_id: string;
  text: string;
  url: string | null;
  /** Private: never leaves the API except to the clinic's own analysts. */
  contact: string | null;
  received_at: Iso;
  /** What the reporter follows the report with (unique in the clinic); null before tickets existed. */
  ticket: string | null;
  /** When the retention job erased the contact. */
  contact_erased_at: Iso | null;
}
