import { bind } from "./bind-clinic.ts";
import { ClinicGuard } from "./clinic-guard.ts";
import type { Db } from "./connect.ts";
import * as notify from "./repositories/notifications.repository.ts";

/**
 * Each person's notification choices and the clinic's channels, as one clinic
 * sees them: under the same guard as `forClinic` (kept beside it, not in it,
 * so ClinicDb stays one screenful).
 */
export function forClinicNotifications(db: Db, tenantId: string) {
  if (!tenantId) throw new Error("forClinicNotifications needs a clinic id");
  return bind(notify, db.withPlugin(new ClinicGuard(tenantId)), tenantId);
}
