import { type ClinicDb, findTenantById, forClinic } from "@klinik/db";
import type { Actor } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFound, ok, type Result } from "./result.ts";

/** What a reader may do with a clinic's data: read it, nothing else (no claims taken, no expiry swept). */
export type ReadClinic = Pick<
  ClinicDb,
  | "tenantId"
  | "getItem"
  | "listQueue"
  | "listVerdicts"
  | "getSource"
  | "listSources"
  | "listReviewQueue"
  | "countNewClusters"
  | "nextOpenCluster"
  | "getCluster"
  | "listClusterMembers"
  | "listClusterSignatures"
  | "listSuggestedClusters"
  | "listItemMatches"
  | "listClusterVerdictHistory"
  | "listClusterNotes"
  | "listTenantUsers"
  | "listClarifications"
  | "getClarification"
  | "listEscalations"
  | "clinicStats"
  | "evidence"
>;

export interface Readable {
  clinic: ReadClinic;
  /** The clinic read: the actor's own, or a regency of the actor's province. */
  tenant: { id: string; name: string; slug: string };
  /** False when a province reads one of its regencies (read only: every write stays on the actor's clinic). */
  own: boolean;
}

/**
 * The clinic whose data the actor reads: their own when `clinicId` is absent or
 * theirs, or a regency/city of the actor's province clinic. Anything else is
 * reported like a missing clinic. Writes never use this: they go through
 * `clinicOf(actor)`, so a province acting on a regency's claim gets not_found.
 */
export async function readableClinic(
  deps: Pick<ServiceDeps, "db">,
  actor: Actor,
  clinicId?: string | null,
): Promise<Result<Readable>> {
  const t = actor.tenant;
  if (!clinicId || clinicId === t.id) {
    return ok({ clinic: forClinic(deps.db, t.id), tenant: { id: t.id, name: t.name, slug: t.slug }, own: true });
  }
  if (t.kind !== "province") return notFound("Clinic");
  const regency = await findTenantById(deps.db, clinicId);
  if (!regency || regency.parent_id !== t.id) return notFound("Clinic");
  return ok({
    clinic: forClinic(deps.db, regency.id),
    tenant: { id: regency.id, name: regency.name, slug: regency.slug },
    own: false,
  });
}
