import type { Db } from "../connect.ts";
import { type StatsQuery, type StatsRows, statsRows } from "../stats-queries.ts";

/** One clinic's statistics for a period (every statement carries the clinic's id; see stats-queries.ts). */
export async function clinicStats(db: Db, tenantId: string, q: StatsQuery): Promise<StatsRows> {
  return statsRows(db, { clinic: tenantId }, q, false);
}
