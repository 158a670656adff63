import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import { CLAIM_MS } from "./claims.service.ts";
import { editorOpening, lockHeldFailure } from "./clarification-edits.service.ts";
import type { ServiceDeps } from "./deps.ts";
import { fail, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db">;

/**
 * The soft lock on a clarification lasts as long as the claim verdict lock: taken when
 * someone opens its editor (never by reading it), renewed by the editor page while it
 * stays open, released on save, on leaving the editor, on logout and on expiry.
 */
export const CLARIFICATION_LOCK_MS = CLAIM_MS;

/**
 * Takes (or renews) the actor's lock on a clarification they may edit. Decision: as
 * in newsroom editors (WordPress's post lock), a colleague who opens the editor while
 * it is held sees who edits it and until when, may read it but not save over it, and
 * may take it over explicitly (`takeover`, audited); the one taken over from has their
 * next save refused, with what they typed kept on the page.
 */
export async function takeClarificationLock(
  deps: Deps,
  actor: Actor,
  id: string,
  opts: { takeover?: boolean } = {},
): Promise<Result<{ until: string }>> {
  const opened = await editorOpening(deps, actor, id);
  if (!opened.ok) return opened;
  const clinic = clinicOf(deps, actor);
  const before = await clinic.assignment.clarificationLockHolder(id);
  const until = new Date(Date.now() + CLARIFICATION_LOCK_MS).toISOString();
  const r = await clinic.assignment.lockClarification({
    id,
    userId: actor.user.id,
    until,
    takeover: opts.takeover === true,
  });
  if (!r) return fail("not_found", "Clarification not found");
  if (r.kind === "held") return lockHeldFailure({ name: r.holderName, until: r.until });
  await audit(clinic, actor, {
    action: r.tookOver
      ? "clarification.lock_takeover"
      : before?.id === actor.user.id
        ? "clarification.lock_extend"
        : "clarification.lock",
    targetType: "clarification",
    targetId: id,
    summary: {
      before: { lockedBy: before?.id ?? null, lockedUntil: before?.until ?? null },
      after: { lockedBy: actor.user.id, lockedUntil: r.until },
    },
  });
  return ok({ until: r.until });
}

/** Lets go of the actor's lock (a lock held by someone else is left alone; releasing nothing is no event). */
export async function releaseClarificationLock(deps: Deps, actor: Actor, id: string): Promise<Result<null>> {
  const opened = await editorOpening(deps, actor, id);
  if (!opened.ok && opened.error.code !== "conflict") return opened;
  const clinic = clinicOf(deps, actor);
  if (await clinic.assignment.unlockClarification(id, actor.user.id)) {
    await audit(clinic, actor, { action: "clarification.unlock", targetType: "clarification", targetId: id });
  }
  return ok(null);
}

/** Who edits the clarification now, if anyone: the editor's banner and the clarification page say so. */
export async function clarificationEditor(deps: Deps, actor: Actor, id: string) {
  if (denied(actor, "queue.read")) return undefined;
  return clinicOf(deps, actor).assignment.clarificationLockHolder(id);
}
