/**
 * The one read across clinics the learning loop needs: which clinics have
 * verdicts their model has not seen (the training tick visits every clinic).
 */
import { sql } from "kysely";
import type { Db } from "./connect.ts";

/** A clinic with verdicts newer than the newest one its last training run saw. */
export interface ClinicWithNewVerdicts {
  tenantId: string;
  newVerdicts: number;
  /** When its last training run (promoted or refused) was recorded; null if never. */
  lastRunAt: string | null;
}

/** Every clinic with verdicts its model has not seen yet: what the training tick decides on. */
export async function listClinicsWithNewVerdicts(db: Db): Promise<ClinicWithNewVerdicts[]> {
  const res = await sql<{ tenant_id: string; n: number | string; last_run: string | null }>`
    select v.tenant_id, count(*) as n, m.last_run
    from verdicts v
    left join (
      select tenant_id, max(trained_through) as through, max(created_at) as last_run
      from clinic_models group by tenant_id
    ) m on m.tenant_id = v.tenant_id
    where m.through is null or v.created_at > m.through
    group by v.tenant_id, m.last_run`.execute(db);
  return res.rows.map((r) => ({ tenantId: r.tenant_id, newVerdicts: Number(r.n), lastRunAt: r.last_run }));
}
