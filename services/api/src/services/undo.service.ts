import type { UndoOutcome } from "@klinik/db";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { fail, notFound, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db">;

/** How long the notice after a verdict or bulk action offers to undo it as a whole. */
export const UNDO_MS = 10 * 60_000;

/**
 * Undoes a whole verdict or bulk action from the notice shown after it: only its
 * author, only for {@link UNDO_MS}. Claims changed since are left as they are and
 * counted. Later, single claims are reverted from their history ({@link revertClaimVerdict}).
 */
export async function undoReviewAction(
  deps: Deps,
  actor: Actor,
  actionId: string,
): Promise<Result<UndoOutcome & { kind: string; verdict: string | null }>> {
  const no = denied(actor, "verdict.give");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const action = await clinic.reviewActions.getReviewAction(actionId);
  if (!action) return notFound("Review action");
  if (action.user_id !== actor.user.id) {
    return fail("conflict", "Only who gave it can undo a whole action; revert single claims from their history");
  }
  if (action.undone_at) return fail("conflict", "This action was already undone");
  if (Date.parse(action.created_at) + UNDO_MS < Date.now()) {
    return fail("conflict", "Too late to undo the whole action; revert single claims from their history");
  }
  const r = await clinic.reviewActions.undoReviewAction({ actionId, userId: actor.user.id });
  if (!r) return notFound("Review action");
  await audit(clinic, actor, {
    action: "claim.undo",
    targetType: "cluster",
    ...(r.reverted.length === 1 ? { targetId: r.reverted[0] } : {}),
    summary: {
      actionId,
      kind: action.kind,
      verdict: action.verdict,
      reverted: r.reverted.length,
      changedSince: r.changedSince.length,
      clusterIds: r.reverted.slice(0, 80),
    },
  });
  return ok({ ...r, kind: action.kind, verdict: action.verdict });
}

/**
 * Reverts the verdict (or dismissal) an action gave one claim, from the claim's
 * history, at any time: the claim goes back to its state before it, the verdict
 * rows stay in the history marked reverted, and the audit trail records who did it.
 */
export async function revertClaimVerdict(
  deps: Deps,
  actor: Actor,
  input: { clusterId: string; actionId: string },
): Promise<Result<{ reverted: boolean }>> {
  const no = denied(actor, "verdict.give");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const [cluster, action] = await Promise.all([
    clinic.getCluster(input.clusterId),
    clinic.reviewActions.getReviewAction(input.actionId),
  ]);
  if (!cluster) return notFound("Cluster");
  const entry = action?.clusters.find((c) => c.cluster_id === cluster.id);
  if (!action || !entry) return notFound("Verdict");
  if (entry.reverted_at) return fail("conflict", "This verdict was already reverted");
  const r = await clinic.reviewActions.undoReviewAction({
    actionId: action.id,
    userId: actor.user.id,
    clusterId: cluster.id,
  });
  if (!r || r.reverted.length === 0) {
    return fail("conflict", "The claim changed since this verdict (a later verdict stands): revert that one first");
  }
  await audit(clinic, actor, {
    action: "claim.revert",
    targetType: "cluster",
    targetId: cluster.id,
    summary: {
      actionId: action.id,
      before: { status: cluster.status, verdict: cluster.verdict },
      after: {
        status: entry.before_status === "in_review" ? "new" : entry.before_status,
        verdict: entry.before_verdict,
      },
    },
  });
  return ok({ reverted: true });
}
