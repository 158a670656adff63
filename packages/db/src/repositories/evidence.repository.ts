import type { EvidenceKind } from "@klinik/core";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { EvidenceLinkTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";
import { ownsRow } from "./clinic-rows.ts";

export type EvidenceRow = EvidenceLinkTable;
/** What evidence hangs on: a claim or a clarification of the clinic. */
export type EvidenceOwner = { cluster: string } | { clarification: string };

/** How many links one claim or clarification may carry. */
export const EVIDENCE_MAX = 30;

const ownerColumn = (o: EvidenceOwner): "cluster_id" | "clarification_id" =>
  "cluster" in o ? "cluster_id" : "clarification_id";
const ownerId = (o: EvidenceOwner) => ("cluster" in o ? o.cluster : o.clarification);

export async function listEvidence(db: Db, tenantId: string, owner: EvidenceOwner): Promise<EvidenceRow[]> {
  return db
    .selectFrom("evidence_links")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where(ownerColumn(owner), "=", ownerId(owner))
    .orderBy("created_at")
    .orderBy("id")
    .limit(EVIDENCE_MAX)
    .execute();
}

/** Adds a link; undefined when the owner is not the clinic's, "full" at {@link EVIDENCE_MAX}. */
export async function addEvidence(
  db: Db,
  tenantId: string,
  input: { owner: EvidenceOwner; url: string; title: string; kind: EvidenceKind; userId: string },
): Promise<EvidenceRow | "full" | undefined> {
  const table = "cluster" in input.owner ? "clusters" : "clarifications";
  if (!(await ownsRow(db, tenantId, table, ownerId(input.owner)))) return undefined;
  const count = await db
    .selectFrom("evidence_links")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("tenant_id", "=", tenantId)
    .where(ownerColumn(input.owner), "=", ownerId(input.owner))
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= EVIDENCE_MAX) return "full";
  const row: EvidenceRow = {
    id: newId(),
    tenant_id: tenantId,
    cluster_id: "cluster" in input.owner ? input.owner.cluster : null,
    clarification_id: "clarification" in input.owner ? input.owner.clarification : null,
    url: input.url,
    title: storableText(input.title),
    kind: input.kind,
    added_by: input.userId,
    created_at: nowIso(),
  };
  await db.insertInto("evidence_links").values(row).execute();
  return row;
}

/** Removes one link of that owner; the removed row, or undefined when there was none. */
export async function removeEvidence(
  db: Db,
  tenantId: string,
  owner: EvidenceOwner,
  id: string,
): Promise<EvidenceRow | undefined> {
  const row = await db
    .selectFrom("evidence_links")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where(ownerColumn(owner), "=", ownerId(owner))
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.deleteFrom("evidence_links").where("tenant_id", "=", tenantId).where("id", "=", id).execute();
  return row;
}
