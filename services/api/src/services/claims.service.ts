import type { Verdict } from "@klinik/core";
import { type BulkAction, type BulkOutcome, heldByOther } from "@klinik/db";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit, excerpt } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { fail, invalid, notFound, ok, type Result } from "./result.ts";

/**
 * The soft lock on a claim lasts this long: taken when someone starts editing a verdict
 * (never by reading), renewed by the claim page while they keep editing, released when
 * they leave, give the verdict or log out.
 */
export const CLAIM_MS = 3 * 60_000;
/** The due time an assignment gets when none is given. */
export const ASSIGN_MS = 8 * 3600_000;

type Deps = Pick<ServiceDeps, "db"> & Partial<Pick<ServiceDeps, "publicPages">>;

const heldFailure = (holder: string | null) =>
  fail("claimed", `Another analyst${holder ? ` (${holder})` : ""} is reviewing this claim`);

/** Takes (or renews) the actor's claim on an open cluster, so nobody else decides it meanwhile. */
export async function takeClaim(deps: Deps, actor: Actor, clusterId: string): Promise<Result<{ until: string }>> {
  const no = denied(actor, "claim.take");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const before = await clinic.getCluster(clusterId);
  if (!before) return notFound("Cluster");
  const until = new Date(Date.now() + CLAIM_MS).toISOString();
  const res = await clinic.claimCluster({ clusterId, userId: actor.user.id, until });
  if (!res) return notFound("Cluster");
  if (res.kind === "held") return heldFailure(res.holderName);
  if (res.kind === "closed") return fail("conflict", "This claim already has a verdict or was dismissed");
  const renewed =
    before.status === "in_review" &&
    before.claimed_by === actor.user.id &&
    (before.claimed_until ?? "") > new Date().toISOString();
  await audit(clinic, actor, {
    action: renewed ? "claim.extend" : "claim.take",
    targetType: "cluster",
    targetId: clusterId,
    summary: {
      before: { status: before.status, claimedUntil: before.claimed_until },
      after: { status: "in_review", claimedUntil: res.until },
    },
  });
  return ok({ until: res.until });
}

/** Gives the actor's claim back to the queue (a claim held by someone else is left alone). */
export async function releaseClaim(deps: Deps, actor: Actor, clusterId: string): Promise<Result<null>> {
  const no = denied(actor, "claim.take");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const before = await clinic.getCluster(clusterId);
  if (!before) return notFound("Cluster");
  await clinic.releaseClaim(clusterId, actor.user.id);
  // Only a claim the actor held changes; giving back nothing is not an event.
  if (before.status === "in_review" && before.claimed_by === actor.user.id) {
    await audit(clinic, actor, {
      action: "claim.release",
      targetType: "cluster",
      targetId: clusterId,
      summary: { before: { status: "in_review" }, after: { status: "new" } },
    });
  }
  return ok(null);
}

/**
 * A verdict on a whole claim: every member gets it and the claim closes. Refused
 * while another analyst holds the claim, through the API and the UI alike.
 */
export async function giveClaimVerdict(
  deps: Deps,
  actor: Actor,
  input: { clusterId: string; verdict: Verdict; note: string | null },
): Promise<
  Result<{ clusterId: string; verdict: Verdict; members: number; maxScore: number; actionId: string; label: string }>
> {
  const no = denied(actor, "verdict.give");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const cluster = await clinic.getCluster(input.clusterId);
  if (!cluster) return notFound("Cluster");
  if (heldByOther(cluster, actor.user.id)) return heldFailure(null);
  // One review action, so the verdict can be undone from the notice or reverted from the history.
  const actionId = await clinic.reviewActions.startReviewAction({
    userId: actor.user.id,
    kind: "verdict",
    verdict: input.verdict,
  });
  const r = await clinic.recordClusterVerdict({ ...input, userId: actor.user.id, actionId });
  if (!r) return notFound("Cluster");
  await audit(clinic, actor, {
    action: "claim.verdict",
    targetType: "cluster",
    targetId: cluster.id,
    summary: {
      before: { status: cluster.status, verdict: cluster.verdict },
      after: { status: "done", verdict: input.verdict },
      members: r.members,
      note: excerpt(input.note),
      actionId,
    },
  });
  // A clarification's public page says when a linked claim's verdict now contradicts it.
  for (const id of await clinic.editorial.clarificationsOfClaim(cluster.id)) deps.publicPages?.invalidate(id);
  // The notice names the claim it went to ("Salah/Hoaks diberikan ke klaim “…” — Urungkan").
  const rep = await clinic.getItem(cluster.representative_item_id);
  return ok({
    clusterId: cluster.id,
    verdict: input.verdict,
    members: r.members,
    maxScore: cluster.max_score,
    actionId,
    label: (rep?.title?.trim() || rep?.text || "").replace(/\s+/g, " ").trim(),
  });
}

/** A verdict on one item; refused while another analyst holds the claim it belongs to. */
export async function giveItemVerdict(
  deps: Deps,
  actor: Actor,
  input: { itemId: string; verdict: Verdict; note: string | null },
) {
  const no = denied(actor, "verdict.give");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const item = await clinic.getItem(input.itemId);
  if (!item) return notFound("Item");
  const cluster = item.cluster_id ? await clinic.getCluster(item.cluster_id) : undefined;
  if (cluster && heldByOther(cluster, actor.user.id)) return heldFailure(null);
  const v = await clinic.recordVerdict({ ...input, userId: actor.user.id });
  if (!v) return notFound("Item");
  await audit(clinic, actor, {
    action: "item.verdict",
    targetType: "item",
    targetId: item.id,
    summary: { before: { status: item.status }, after: { verdict: input.verdict }, note: excerpt(input.note) },
  });
  return ok(v);
}

export type BulkInput =
  | { kind: "verdict"; verdict: Verdict; note: string | null }
  | { kind: "dismiss" }
  | { kind: "assign"; assigneeId: string; due?: string | undefined };

// A row's summary is bounded (4,000 characters): this many ids fit beside the counts.
const BULK_IDS_LOGGED = 80;

/** One action on many claims; claims another analyst holds are skipped and counted. */
export async function applyBulkAction(
  deps: Deps,
  actor: Actor,
  input: { clusterIds: string[]; action: BulkInput | null },
): Promise<Result<BulkOutcome & { assigneeName?: string | null }>> {
  const no = denied(actor, input.action?.kind === "assign" ? "claim.assign" : "verdict.give");
  if (no) return no;
  if (input.clusterIds.length === 0) return invalid("claims_none", "clusterIds: select at least one claim");
  if (!input.action) return invalid("action_missing", "action: choose what to do with the selected claims");
  const action: BulkAction =
    input.action.kind === "assign"
      ? {
          kind: "assign",
          assigneeId: input.action.assigneeId,
          due: input.action.due ?? new Date(Date.now() + ASSIGN_MS).toISOString(),
        }
      : input.action;
  const clinic = clinicOf(deps, actor);
  const ids = [...new Set(input.clusterIds)];
  const r = await clinic.applyBulk(actor.user.id, ids, action);
  // One row for the whole action: what was asked, on which claims, and how many it changed.
  await audit(clinic, actor, {
    action: "claim.bulk",
    targetType: "cluster",
    summary: {
      kind: action.kind,
      ...(action.kind === "verdict" ? { verdict: action.verdict, note: excerpt(action.note) } : {}),
      ...(action.kind === "assign" ? { assigneeId: action.assigneeId } : {}),
      requested: ids.length,
      applied: r.applied,
      skipped: r.skipped,
      actionId: r.actionId,
      clusterIds: ids.slice(0, BULK_IDS_LOGGED),
      ...(ids.length > BULK_IDS_LOGGED ? { moreIds: ids.length - BULK_IDS_LOGGED } : {}),
    },
  });
  if (action.kind !== "assign") return ok(r);
  const assignee = (await clinic.listTenantUsers()).find((u) => u.id === action.assigneeId);
  return ok({ ...r, assigneeName: assignee?.name ?? null });
}

export async function addNote(deps: Deps, actor: Actor, input: { clusterId: string; body: string }) {
  const no = denied(actor, "note.write");
  if (no) return no;
  if (!input.body) return invalid("required", "body: must not be empty");
  const clinic = clinicOf(deps, actor);
  const added = await clinic.addClusterNote({ ...input, userId: actor.user.id });
  if (!added) return notFound("Cluster");
  await audit(clinic, actor, {
    action: "note.add",
    targetType: "cluster",
    targetId: input.clusterId,
    summary: { length: input.body.length, excerpt: excerpt(input.body) },
  });
  return ok(null);
}

/** The next open claim after this one in queue order that the actor may take (the triage loop). */
export function nextClaim(deps: Deps, actor: Actor, after: { score: number; id: string }) {
  return clinicOf(deps, actor).nextOpenCluster(after, actor.user.id);
}
