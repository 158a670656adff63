import type { ClarificationStatus } from "@klinik/core";
import type { Clarification, ClinicDb } from "@klinik/db";
import { enqueue } from "@klinik/queue";
import { type Actor, can, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { AuditAction } from "./audit-actions.ts";
import { staffArticle } from "./clarification-article.service.ts";
import { editorialView } from "./clarification-edits.service.ts";
import type { ServiceDeps } from "./deps.ts";
import type { ClarificationInput } from "./inputs.ts";
import { readableClinic } from "./province-read.ts";
import { fail, invalid, notFound, ok, type Result } from "./result.ts";
import { announce } from "./webhook-announce.ts";

type Deps = Pick<ServiceDeps, "db" | "queues" | "logger">;

/** The clinic's clarifications; a province may read a regency's (`clinicId`, see province-read.ts). */
export async function listClarifications(
  deps: Deps,
  actor: Actor,
  opts: { limit: number; before?: string; status?: ClarificationStatus | undefined },
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

/**
 * Whether the actor's "publish" waits for a publisher: the clinic requires approval
 * and the actor may not approve (an analyst, or an integration token).
 */
export const needsApproval = (actor: Actor): boolean =>
  actor.tenant.require_approval === 1 && !can(actor, "clarification.approve");

/** What the clarification page offers the actor, and the clarification's history from the audit trail. */
export async function clarificationPage(deps: Deps & Pick<ServiceDeps, "tenants">, actor: Actor, id: string) {
  const found = await getClarification(deps, actor, id);
  if (!found.ok) return found;
  const history = await clinicOf(deps, actor).listAuditFor({ type: "clarification", id });
  return ok({
    clarification: found.value,
    history,
    editorial: await editorialView(deps, actor, found.value),
    article: await staffArticle(deps, actor, found.value),
    may: {
      publish: can(actor, "clarification.publish"),
      approve: can(actor, "clarification.approve"),
      needsApproval: needsApproval(actor),
    },
  });
}

/** A draft; every linked item must be the clinic's (another clinic's item is reported like a missing one). */
export async function createClarification(deps: Deps, actor: Actor, input: ClarificationInput) {
  const no = denied(actor, "clarification.write");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const res = await clinic.createClarification({ ...input, userId: actor.user.id });
  if (!res.ok) return invalid("items_unknown", `itemIds: unknown item(s) ${res.unknownItemIds.join(", ")}`);
  const c = res.clarification;
  await audit(clinic, actor, {
    action: "clarification.create",
    targetType: "clarification",
    targetId: c.id,
    summary: { after: { status: c.status, title: c.title, verdict: c.verdict, items: c.item_ids.length } },
  });
  return ok(c);
}

/** What "publish" did: published at once, or waiting for a publisher's approval. */
export interface PublishOutcome {
  status: "published" | "pending";
  clarification: Clarification;
}

/**
 * Publishes a draft. When the clinic requires approval and the actor may not
 * approve, the draft waits for a publisher instead (status `pending`); a publisher
 * or admin publishes directly (a pending one then counts as approved). Publishing
 * what is already published changes nothing.
 */
export async function publishClarification(deps: Deps, actor: Actor, id: string): Promise<Result<PublishOutcome>> {
  const no = denied(actor, "clarification.publish");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const row = await clinic.getClarification(id);
  if (!row) return notFound("Clarification");
  if (row.status === "published") return ok({ status: "published", clarification: row });
  if (!needsApproval(actor)) {
    // A publisher's or admin's publish of a waiting one is its approval.
    const approves = row.status === "pending" && can(actor, "clarification.approve");
    return publishNow(deps, actor, clinic, row, approves ? "clarification.approve" : "clarification.publish");
  }
  if (row.status === "pending") return ok({ status: "pending", clarification: row });
  const m = await clinic.moveClarification(id, { from: ["draft"], to: "pending", userId: actor.user.id });
  if (!m) return notFound("Clarification");
  if (m.moved) {
    await audit(clinic, actor, {
      action: "clarification.submit",
      targetType: "clarification",
      targetId: id,
      summary: { title: row.title, before: { status: "draft" }, after: { status: "pending" } },
    });
  }
  const status = m.clarification.status === "published" ? "published" : "pending";
  return ok({ status, clarification: m.clarification });
}

/** A publisher or admin approves a pending clarification: it is published (and matched) at once. */
export async function approveClarification(deps: Deps, actor: Actor, id: string): Promise<Result<PublishOutcome>> {
  const no = denied(actor, "clarification.approve");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const row = await clinic.getClarification(id);
  if (!row) return notFound("Clarification");
  if (row.status === "published") return ok({ status: "published", clarification: row });
  if (row.status !== "pending") return fail("conflict", "This clarification has not been submitted for approval");
  return publishNow(deps, actor, clinic, row, "clarification.approve");
}

/** A publisher or admin sends a pending clarification back to draft, saying why (the reason is in its history). */
export async function rejectClarification(
  deps: Deps,
  actor: Actor,
  input: { id: string; reason: string },
): Promise<Result<Clarification>> {
  const no = denied(actor, "clarification.approve");
  if (no) return no;
  const reason = input.reason.trim();
  if (!reason) return invalid("required", "reason: must not be empty");
  const clinic = clinicOf(deps, actor);
  const row = await clinic.getClarification(input.id);
  if (!row) return notFound("Clarification");
  const m = await clinic.moveClarification(row.id, { from: ["pending"], to: "draft", userId: actor.user.id });
  if (!m) return notFound("Clarification");
  if (!m.moved)
    return fail("conflict", `Only a clarification awaiting approval can be sent back (it is ${row.status})`);
  await audit(clinic, actor, {
    action: "clarification.reject",
    targetType: "clarification",
    targetId: row.id,
    summary: {
      title: row.title,
      before: { status: "pending" },
      after: { status: "draft" },
      submittedBy: await submitter(clinic, row),
      reason: reason.slice(0, 2_000),
    },
  });
  return ok(m.clarification);
}

/**
 * The one place a clarification becomes public: published, recorded, then the
 * classifier marks the matching claims already waiting in every clinic's queue.
 * The announcement is best effort: the publication stands if Redis is down (new
 * items are matched either way).
 */
async function publishNow(
  deps: Deps,
  actor: Actor,
  clinic: ClinicDb,
  row: Clarification,
  action: AuditAction = "clarification.publish",
): Promise<Result<PublishOutcome>> {
  // Only from the status the actor saw: a draft sent back meanwhile is not published by an approval.
  const m = await clinic.moveClarification(row.id, { from: [row.status], to: "published", userId: actor.user.id });
  if (!m) return notFound("Clarification");
  // Someone else published it a moment ago: nothing changed here, and it was announced then.
  if (!m.moved) {
    return m.clarification.status === "published"
      ? ok({ status: "published", clarification: m.clarification })
      : fail("conflict", "This clarification changed meanwhile; reload it");
  }
  await audit(clinic, actor, {
    action,
    targetType: "clarification",
    targetId: row.id,
    summary: {
      title: row.title,
      before: { status: row.status },
      after: { status: "published" },
      ...(row.submitted_by ? { submittedBy: await submitter(clinic, row) } : {}),
    },
  });
  await enqueue(
    deps.queues,
    "match-clarification",
    { clarificationId: row.id },
    { jobId: `published-${row.id}` },
  ).catch((err: unknown) => deps.logger.warn({ err, clarificationId: row.id }, "cross-clinic matching not enqueued"));
  await announce(deps, clinic, "clarification.published", row.id);
  return ok({ status: "published", clarification: m.clarification });
}

/** Who submitted it, as the trail names people (their email), so the summary reads on its own. */
async function submitter(clinic: ClinicDb, row: Clarification): Promise<string | null> {
  if (!row.submitted_by) return null;
  return (await clinic.getPerson(row.submitted_by))?.email ?? row.submitted_by;
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
