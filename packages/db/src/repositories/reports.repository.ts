import type { Db } from "../connect.ts";
import { createReports } from "../cross-clinic.repository.ts";

/** Stores one public report and its item. */
export async function createReport(
  db: Db,
  tenantId: string,
  input: { text: string; url: string | null; contact: string | null },
): Promise<{ reportId: string; itemId: string }> {
  const [r] = await createReports(db, [{ tenantId, ...input }]);
  if (!r) throw new Error("report was not stored");
  return r;
}
