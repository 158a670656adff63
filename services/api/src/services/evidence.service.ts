import { EVIDENCE_KINDS } from "@klinik/core";
import type { EvidenceOwner, EvidenceRow } from "@klinik/db";
import { z } from "zod";
import { type Actor, clinicOf, denied, type Permission } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { httpUrl, invalidInput } from "./inputs.ts";
import { fail, notFound, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db"> & Partial<Pick<ServiceDeps, "publicPages">>;

/** An evidence link: http(s) only (the page shows it as a link), a title and what kind of source it is. */
export const evidenceInput = z.object({
  url: httpUrl,
  title: z.string().trim().min(1, "must not be empty").max(300),
  kind: z.enum(EVIDENCE_KINDS).default("other"),
});
export type EvidenceInput = z.input<typeof evidenceInput>;

// A claim's evidence is an analyst's note-like work; a clarification's is part of what gets published.
const permissionFor = (owner: EvidenceOwner): Permission => ("cluster" in owner ? "note.write" : "clarification.write");
const what = (owner: EvidenceOwner) => ("cluster" in owner ? "Cluster" : "Clarification");
const target = (owner: EvidenceOwner) =>
  "cluster" in owner
    ? { targetType: "cluster", targetId: owner.cluster }
    : { targetType: "clarification", targetId: owner.clarification };

export async function listEvidence(deps: Deps, actor: Actor, owner: EvidenceOwner) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  return ok(await clinicOf(deps, actor).evidence.listEvidence(owner));
}

/** Adds an evidence link to a claim or clarification of the actor's clinic (audited). */
export async function addEvidence(
  deps: Deps,
  actor: Actor,
  owner: EvidenceOwner,
  input: EvidenceInput,
): Promise<Result<EvidenceRow>> {
  const no = denied(actor, permissionFor(owner));
  if (no) return no;
  const parsed = evidenceInput.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const clinic = clinicOf(deps, actor);
  const row = await clinic.evidence.addEvidence({ owner, ...parsed.data, userId: actor.user.id });
  if (!row) return notFound(what(owner));
  if (row === "full") return fail("conflict", "This already carries the most evidence links allowed (30)");
  // A published clarification's public page shows its evidence: drop the cached copy.
  if ("clarification" in owner) deps.publicPages?.invalidate(owner.clarification);
  await audit(clinic, actor, {
    action: "evidence.add",
    ...target(owner),
    summary: { evidenceId: row.id, url: row.url.slice(0, 300), kind: row.kind },
  });
  return ok(row);
}

export async function removeEvidence(
  deps: Deps,
  actor: Actor,
  owner: EvidenceOwner,
  evidenceId: string,
): Promise<Result<EvidenceRow>> {
  const no = denied(actor, permissionFor(owner));
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const row = await clinic.evidence.removeEvidence(owner, evidenceId);
  if (!row) return notFound("Evidence");
  if ("clarification" in owner) deps.publicPages?.invalidate(owner.clarification);
  await audit(clinic, actor, {
    action: "evidence.remove",
    ...target(owner),
    summary: { evidenceId: row.id, url: row.url.slice(0, 300), kind: row.kind },
  });
  return ok(row);
}
