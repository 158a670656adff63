import type { Verdict } from "@klinik/core";
import type { Clarification, ClinicDb, Correction } from "@klinik/db";
import { type Actor, clinicOf, denied } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import { publicClinicOf } from "./intake.service.ts";
import { notFound, ok } from "./result.ts";

/**
 * What a clarification's article shows beside its own text: how the claim circulated (the
 * messages it answers, earliest first), the evidence links, the corrections (oldest first)
 * and whether a linked claim's verdict now contradicts it. Decision: the public page does
 * not keep contradicting silently — it says the assessment is under review until an editor
 * corrects or withdraws it. The public page and every staff preview read it here, so they
 * cannot drift. A withdrawn one shows neither its messages nor its evidence.
 */
export async function articleParts(
  clinic: ClinicDb,
  c: Pick<Clarification, "id" | "status" | "verdict">,
  /** The editor's ticked messages, in place of the saved links. */
  itemIds?: readonly string[],
) {
  const shown = c.status !== "withdrawn";
  const [appearances, evidence, corrections, disagreements] = await Promise.all([
    !shown ? [] : clinic.clarificationAppearances(itemIds ? { items: itemIds } : c.id),
    shown ? clinic.evidence.listEvidence({ clarification: c.id }) : [],
    clinic.editorial.listCorrections(c.id),
    c.status === "published" ? disagreeingClaims(clinic, c) : [],
  ]);
  return { appearances, evidence, corrections: corrections.map(noteOf), underReview: disagreements.length > 0 };
}

/** Claims linked to the clarification whose verdict now differs from it (a verdict changed after it was written). */
export async function disagreeingClaims(clinic: ClinicDb, c: Pick<Clarification, "id" | "verdict">) {
  const rows = await clinic.editorial.linkedClaimVerdicts([c.id]);
  return rows.filter((r) => r.verdict !== null && r.verdict !== c.verdict);
}

export type ArticleParts = Awaited<ReturnType<typeof articleParts>>;

/** An article as a staff page previews it: its parts, and the clinic as its public pages name it. */
export interface StaffArticle {
  clinic: { slug: string; name: string };
  parts: ArticleParts;
}

type Deps = Pick<ServiceDeps, "db" | "tenants">;

async function byline(deps: Deps, actor: Actor) {
  const tenant = await deps.tenants.bySlug(actor.tenant.slug);
  return tenant ? publicClinicOf(tenant) : { slug: actor.tenant.slug, name: actor.tenant.name };
}

/** The article of a saved clarification of the actor's clinic (the caller has checked the actor may read it). */
export async function staffArticle(deps: Deps, actor: Actor, c: Clarification): Promise<StaffArticle> {
  return { clinic: await byline(deps, actor), parts: await articleParts(clinicOf(deps, actor), c) };
}

const noteOf = (x: Pick<Correction, "note" | "created_at">) => ({ note: x.note, created_at: x.created_at });

/**
 * The editor's preview: the article as it will read once saved — the typed verdict against
 * the linked claims, the ticked messages, the saved evidence, and a correction's note last.
 */
export async function editorPreview(
  deps: Deps,
  actor: Actor,
  input: { id?: string | undefined; verdict: Verdict; itemIds: readonly string[]; correction?: string | undefined },
) {
  const no = denied(actor, "clarification.write");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const row = input.id ? await clinic.getClarification(input.id) : undefined;
  if (input.id && !row) return notFound("Clarification");
  const parts: ArticleParts = row
    ? await articleParts(clinic, { id: row.id, status: row.status, verdict: input.verdict }, input.itemIds)
    : {
        appearances: await clinic.clarificationAppearances({ items: input.itemIds }),
        evidence: [],
        corrections: [],
        underReview: false,
      };
  const note = input.correction ? [{ note: input.correction, created_at: new Date().toISOString() }] : [];
  const article: StaffArticle = {
    clinic: await byline(deps, actor),
    parts: { ...parts, corrections: [...parts.corrections, ...note] },
  };
  return ok({ saved: row, article });
}
