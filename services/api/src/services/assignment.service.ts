import { notifyAssigned } from "@klinik/notify";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import { ASSIGN_MS } from "./claims.service.ts";
import type { ServiceDeps } from "./deps.ts";
import { fail, invalid, notFound, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "redis" | "queues" | "config" | "logger">;

/** Longest due time an assignment may name. */
const MAX_DUE_MS = 30 * 24 * 3600_000;

export interface AssignInput {
  clusterId: string;
  /** A colleague's id, `"me"` to take it, or null to leave it unassigned. */
  assignee: string | "me" | null;
  /** When it is due (ISO); 8 hours from now when not given. Opening the claim never changes it. */
  due?: string | undefined;
}

/**
 * Assigns an open claim to a person of the clinic (or the actor: "take it"), or
 * unassigns it. Assignment is not a lock: anyone may still open it, and only
 * someone actively editing a verdict holds the short soft lock.
 */
export async function assignClaim(
  deps: Deps,
  actor: Actor,
  input: AssignInput,
): Promise<Result<{ assigneeId: string | null; assigneeName: string | null; due: string | null }>> {
  const no = denied(actor, "claim.assign");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const cluster = await clinic.getCluster(input.clusterId);
  if (!cluster) return notFound("Cluster");
  if (cluster.status === "done" || cluster.status === "dismissed") {
    return fail("conflict", "This claim already has a verdict or was dismissed: nothing to assign");
  }
  const assigneeId = input.assignee === "me" ? actor.user.id : input.assignee;
  let due: string | null = null;
  if (assigneeId) {
    const at = input.due ? Date.parse(input.due) : Date.now() + ASSIGN_MS;
    if (!Number.isFinite(at) || at <= Date.now() || at > Date.now() + MAX_DUE_MS) {
      return invalid("due_range", "due: must be a time in the next 30 days");
    }
    due = new Date(at).toISOString();
  }
  const changed = await clinic.assignment.assignClusters({
    clusterIds: [cluster.id],
    assigneeId,
    assignedBy: actor.user.id,
    due,
  });
  if (changed === 0) return invalid("assignee_unknown", "assignee: no such person in this clinic");
  await audit(clinic, actor, {
    action: assigneeId ? "claim.assign" : "claim.unassign",
    targetType: "cluster",
    targetId: cluster.id,
    summary: {
      before: { assigneeId: cluster.assignee_id ?? null, due: cluster.due_at ?? null },
      after: { assigneeId, due },
    },
  });
  const name = assigneeId ? (await clinic.listTenantUsers()).find((u) => u.id === assigneeId)?.name : null;
  if (assigneeId && assigneeId !== actor.user.id) await tellAssignee(deps, actor, cluster, assigneeId);
  return ok({ assigneeId, assigneeName: name ?? null, due });
}

/**
 * The assignee hears of it (browser notice, Telegram) if they opted in. The assignment is
 * stored and audited already: a notification that cannot be sent is logged, never undone.
 */
async function tellAssignee(
  deps: Deps,
  actor: Actor,
  cluster: { id: string; representative_item_id: string },
  userId: string,
): Promise<void> {
  try {
    const item = await clinicOf(deps, actor).getItem(cluster.representative_item_id);
    await notifyAssigned(
      { redis: deps.redis, queues: deps.queues, prefix: deps.config.QUEUE_PREFIX },
      {
        tenantId: actor.tenant.id,
        clusterId: cluster.id,
        userId,
        byName: actor.user.name,
        title: item?.title ?? null,
        text: item?.text ?? "",
      },
    );
  } catch (err) {
    deps.logger.warn({ err, clusterId: cluster.id }, "assignment notification not sent");
  }
}
