/**
 * Statistics that cross clinics on purpose: a province clinic's figures with
 * its regencies/cities side by side, and the whole instance's. The service layer
 * decides who may read which (stats.service.ts); one clinic's figures go through
 * `forClinic(db, id).clinicStats`.
 */
import type { Db } from "./connect.ts";
import { type StatsQuery, type StatsRows, statsRows, statsRowsWithClinics } from "./stats-queries.ts";

export type { StatsQuery, StatsRows, TopClaimRow } from "./stats-queries.ts";

/** A province clinic and its regencies/cities: totals, and every figure per clinic (`byClinic`). */
export async function provinceStatsRows(
  db: Db,
  provinceId: string,
  q: StatsQuery,
): Promise<{ total: StatsRows; byClinic: StatsRows }> {
  return statsRowsWithClinics(db, { province: provinceId }, q);
}

/** Every clinic of the instance together. */
export async function instanceStatsRows(db: Db, q: StatsQuery): Promise<StatsRows> {
  return statsRows(db, "instance", q, false);
}
