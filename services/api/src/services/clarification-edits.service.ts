import type { Clarification } from "@klinik/db";
import { enqueue } from "@klinik/queue";
import { type Actor, can, clinicOf, denied } from "./actor.ts";
import { audit, excerpt } from "./audit.ts";
import { disagreeingClaims, type StaffArticle, staffArticle } from "./clarification-article.service.ts";
import type { EditInput } from "./clarification-inputs.ts";
import type { ServiceDeps } from "./deps.ts";
import { type Failure, fail, invalid, notFound, ok, type Result } from "./result.ts";
import { announce } from "./webhook-announce.ts";

type Deps = Pick<ServiceDeps, "db" | "queues" | "logger"> & Partial<Pick<ServiceDeps, "publicPages">>;

/**
 * Who may change what is already public. Decision (issue 13): in a clinic that
 * requires approval, a published clarification is corrected or withdrawn only by
 * someone who may approve (a publisher or admin) — the change is public at once,
 * so it needs the same say as publishing; an analyst is refused (403) and asks a
 * publisher. Elsewhere whoever may publish may correct or withdraw. Every change is
 * in the audit trail either way.
 */
function mayChangePublished(actor: Actor): { ok: false; error: Failure } | undefined {
  const no = denied(actor, "clarification.publish");
  if (no) return no;
  if (actor.tenant.require_approval === 1 && !can(actor, "clarification.approve"))
    return fail(
      "forbidden",
      "This clinic requires approval: a publisher or admin corrects or withdraws a published clarification",
    );
  return undefined;
}

/** Who holds a clarification's editing lock and until when: a save over it is refused with this. */
export const lockHeldFailure = (holder: { name: string | null; until: string }) =>
  fail("claimed", `${holder.name ?? "Another person"} is editing this clarification until ${holder.until}`);

/**
 * Changes a clarification. A draft or one waiting for approval changes as it is; a
 * published one only with a correction note (kept in its list of corrections, shown
 * publicly, dateModified set), then it is matched again and partners are told. A
 * withdrawn one does not change.
 */
export async function editClarification(
  deps: Deps,
  actor: Actor,
  id: string,
  input: EditInput,
): Promise<Result<Clarification>> {
  const no = denied(actor, "clarification.write");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const row = await clinic.getClarification(id);
  if (!row) return notFound("Clarification");
  if (row.status === "withdrawn") return fail("conflict", "A withdrawn clarification cannot be changed");
  // A colleague's live editing lock (clarification-lock.service.ts) is not saved over.
  const holder = await clinic.assignment.clarificationLockHolder(id);
  if (holder && holder.id !== actor.user.id) return lockHeldFailure(holder);
  const published = row.status === "published";
  if (published) {
    const refused = mayChangePublished(actor);
    if (refused) return refused;
    if (!input.correction)
      return invalid("correction_missing", "correction: a published clarification changes only with a correction note");
  }
  const { correction, ...changes } = input;
  const res = await clinic.editorial.editClarification(id, {
    from: published ? ["published"] : ["draft", "pending"],
    changes,
    correction: published && correction ? { note: correction, userId: actor.user.id } : undefined,
  });
  if (res.kind === "missing") return notFound("Clarification");
  if (res.kind === "unknown_items")
    return invalid("items_unknown", `itemIds: unknown item(s) ${res.itemIds.join(", ")}`);
  if (res.kind === "wrong_status")
    return fail("conflict", `This clarification changed meanwhile (it is ${res.status}); reload it`);
  const c = res.clarification;
  // Saving ends the edit: the lock goes with it.
  await clinic.assignment.unlockClarification(id, actor.user.id);
  await audit(clinic, actor, {
    action: published ? "clarification.correct" : "clarification.edit",
    targetType: "clarification",
    targetId: id,
    summary: {
      title: c.title,
      changed: res.changed,
      ...(res.changed.includes("verdict") ? { before: { verdict: row.verdict }, after: { verdict: c.verdict } } : {}),
      ...(published && correction ? { note: excerpt(correction, 500) } : {}),
    },
  });
  if (published) {
    deps.publicPages?.invalidate(c.id);
    await rematch(deps, c.id);
    await announce(deps, clinic, "clarification.updated", c.id);
  }
  return ok(c);
}

/** Withdraws a published clarification with the reason: its URL stays and says so; it leaves lists, feeds and matching. */
export async function withdrawClarification(
  deps: Deps,
  actor: Actor,
  input: { id: string; reason: string },
): Promise<Result<Clarification>> {
  const refused = mayChangePublished(actor);
  if (refused) return refused;
  const reason = input.reason.trim().slice(0, 2_000);
  if (!reason) return invalid("required", "reason: must not be empty");
  const clinic = clinicOf(deps, actor);
  const row = await clinic.getClarification(input.id);
  if (!row) return notFound("Clarification");
  const m = await clinic.editorial.withdrawClarification(row.id, { reason, userId: actor.user.id });
  if (!m) return notFound("Clarification");
  if (!m.moved)
    return fail("conflict", `Only a published clarification can be withdrawn (it is ${m.clarification.status})`);
  await audit(clinic, actor, {
    action: "clarification.withdraw",
    targetType: "clarification",
    targetId: row.id,
    summary: { title: row.title, before: { status: "published" }, after: { status: "withdrawn" }, reason },
  });
  deps.publicPages?.invalidate(row.id);
  await announce(deps, clinic, "clarification.withdrawn", row.id);
  return ok(m.clarification);
}

/** A corrected text answers other messages: the classifier marks matching claims again (best effort). */
async function rematch(deps: Deps, clarificationId: string) {
  await enqueue(
    deps.queues,
    "match-clarification",
    { clarificationId },
    { jobId: `corrected-${clarificationId}-${Date.now()}` },
  ).catch((err: unknown) => deps.logger.warn({ err, clarificationId }, "re-matching not enqueued"));
}

/** What the staff page of a clarification shows and offers beyond the approval step and its article. */
export async function editorialView(deps: Pick<Deps, "db">, actor: Actor, c: Clarification) {
  return {
    disagreements: await disagreeingClaims(clinicOf(deps, actor), c),
    mayEdit: (c.status === "draft" || c.status === "pending") && can(actor, "clarification.write"),
    mayChangePublished: c.status === "published" && can(actor, "clarification.write") && !mayChangePublished(actor),
  };
}

/** Ids of the rows (a list page) that a linked claim's verdict now contradicts. */
export async function disagreeingIds(
  deps: Pick<Deps, "db">,
  actor: Actor,
  rows: Pick<Clarification, "id" | "verdict">[],
) {
  const byId = new Map(rows.map((r) => [r.id, r.verdict]));
  const links = await clinicOf(deps, actor).editorial.linkedClaimVerdicts([...byId.keys()]);
  return new Set(
    links
      .filter((l) => l.verdict !== null && l.verdict !== byId.get(l.clarification_id))
      .map((l) => l.clarification_id),
  );
}

/**
 * The clarification the actor is about to publish, for the confirmation step: refused like
 * the publish itself would be (role, clinic), so the step tells nothing the publish would not.
 */
export async function publishCandidate(
  deps: Pick<ServiceDeps, "db" | "tenants">,
  actor: Actor,
  id: string,
): Promise<Result<{ clarification: Clarification; article: StaffArticle }>> {
  const no = denied(actor, "clarification.publish");
  if (no) return no;
  const row = await clinicOf(deps, actor).getClarification(id);
  return row ? ok({ clarification: row, article: await staffArticle(deps, actor, row) }) : notFound("Clarification");
}

/** The clarification as the editor opens it: its claims (for the picker) and whether it is corrected or edited. */
export async function editorOpening(deps: Pick<Deps, "db">, actor: Actor, id: string) {
  const no = denied(actor, "clarification.write");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const row = await clinic.getClarification(id);
  if (!row) return notFound("Clarification");
  if (row.status === "withdrawn") return fail("conflict", "A withdrawn clarification cannot be changed");
  if (row.status === "published") {
    const refused = mayChangePublished(actor);
    if (refused) return refused;
  }
  const links = await clinic.editorial.linkedClaimVerdicts([row.id]);
  return ok({ clarification: row, clusterIds: [...new Set(links.map((l) => l.cluster_id))] });
}
