import { enqueue } from "@klinik/queue";
import { type Actor, clinicOf, denied } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import type { ClarificationInput } from "./inputs.ts";
import { readableClinic } from "./province-read.ts";
import { fail, notFound, ok } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "queues" | "logger">;

/** The clinic's clarifications; a province may read a regency's (`clinicId`, see province-read.ts). */
export async function listClarifications(
  deps: Deps,
  actor: Actor,
  opts: { limit: number; before?: string },
  clinicId?: string,
) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  const readable = await readableClinic(deps, actor, clinicId);
  if (!readable.ok) return readable;
  return ok(await readable.value.clinic.listClarifications(opts));
}

export async function getClarification(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  const row = await clinicOf(deps, actor).getClarification(id);
  return row ? ok(row) : notFound("Clarification");
}

/** A draft; every linked item must be the clinic's (another clinic's item is reported like a missing one). */
export async function createClarification(deps: Deps, actor: Actor, input: ClarificationInput) {
  const no = denied(actor, "clarification.write");
  if (no) return no;
  const res = await clinicOf(deps, actor).createClarification({ ...input, userId: actor.user.id });
  if (!res.ok) return fail("invalid_request", `itemIds: unknown item(s) ${res.unknownItemIds.join(", ")}`);
  return ok(res.clarification);
}

/**
 * Publishes a draft, then has the classifier mark the matching claims already
 * waiting in every clinic's queue. The announcement is best effort: the
 * publication stands if Redis is down (new items are matched either way).
 */
export async function publishClarification(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "clarification.publish");
  if (no) return no;
  const row = await clinicOf(deps, actor).publishClarification(id);
  if (!row) return notFound("Clarification");
  await enqueue(
    deps.queues,
    "match-clarification",
    { clarificationId: row.id },
    { jobId: `published-${row.id}` },
  ).catch((err: unknown) => deps.logger.warn({ err, clarificationId: row.id }, "cross-clinic matching not enqueued"));
  return ok(row);
}

/** Members of the given claims (the actor's clinic only), for linking a clarification to them. */
export async function claimMembers(deps: Deps, actor: Actor, clusterIds: string[]) {
  const clinic = clinicOf(deps, actor);
  const members: { id: string; title: string | null; text: string }[] = [];
  const unknown: string[] = [];
  for (const id of clusterIds) {
    const cluster = await clinic.getCluster(id);
    if (!cluster) {
      unknown.push(id);
      continue;
    }
    members.push(...(await clinic.listClusterMembers(cluster.id, 100)));
  }
  return { members, unknown };
}
