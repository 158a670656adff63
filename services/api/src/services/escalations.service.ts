import type { Verdict } from "@klinik/core";
import {
  type EscalationRow,
  type EscalationView,
  forClinic,
  getIncomingEscalation,
  listIncomingEscalations,
  resolveEscalation,
} from "@klinik/db";
import type { z } from "zod";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import { answerInput, escalateInput, returnInput } from "./clinic-inputs.ts";
import type { ServiceDeps } from "./deps.ts";
import { invalidInput } from "./inputs.ts";
import { fail, notFound, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db">;
type Status = EscalationRow["status"];

/** The trail records what was said, shortened: it is a summary, not a copy. */
const short = (text: string | null) => (text && text.length > 200 ? `${text.slice(0, 199)}…` : text);

/**
 * A regency/city hands one of its claims up to its province, which sees it in
 * its queue with the regency's name. One open escalation per claim.
 */
export async function escalateClaim(
  deps: Deps,
  actor: Actor,
  input: { clusterId: string; reason?: unknown },
): Promise<Result<EscalationRow>> {
  const no = denied(actor, "claim.escalate");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  if (!(await clinic.getCluster(input.clusterId))) return notFound("Cluster");
  const province = actor.tenant.kind === "regency" ? actor.tenant.parent_id : null;
  if (!province) return fail("conflict", "Only a regency/city clinic can escalate a claim to its province");
  const body = parsed(escalateInput, { reason: input.reason }, (v) => v.reason || null);
  if (!body.ok) return body;
  const r = await clinic.escalateCluster({
    clusterId: input.clusterId,
    provinceId: province,
    reason: body.value,
    userId: actor.user.id,
  });
  if (!r) return notFound("Cluster");
  if (r.kind === "open") return fail("conflict", "This claim is already escalated and waits for the province");
  await audit(clinic, actor, {
    action: "claim.escalate",
    targetType: "cluster",
    targetId: input.clusterId,
    summary: { escalationId: r.escalation.id, reason: short(r.escalation.reason) },
  });
  return ok(r.escalation);
}

/**
 * Escalations as the actor's clinic sees them: a province those its regencies
 * sent it ("incoming"), any other clinic those it sent ("outgoing").
 */
export async function listEscalations(
  deps: Deps,
  actor: Actor,
  f: { status?: Status | undefined; clusterId?: string | undefined; limit: number },
): Promise<Result<{ direction: "incoming" | "outgoing"; rows: EscalationView[] }>> {
  const no = denied(actor, "queue.read");
  if (no) return no;
  if (actor.tenant.kind === "province" && !f.clusterId) {
    return ok({ direction: "incoming", rows: await listIncomingEscalations(deps.db, actor.tenant.id, f) });
  }
  return ok({ direction: "outgoing", rows: await clinicOf(deps, actor).listEscalations(f) });
}

/**
 * The province answers an open escalation (its answer and suggested verdict are
 * stored on the escalation; the regency decides its own claim) or hands it back.
 * Recorded in the regency's trail, where the claim lives, and in the province's.
 */
async function resolve(
  deps: Deps,
  actor: Actor,
  id: string,
  read: () => Result<{ status: "answered" | "returned"; answer: string; verdict: Verdict | null }>,
): Promise<Result<EscalationRow>> {
  const no = denied(actor, "escalation.answer");
  if (no) return no;
  if (actor.tenant.kind !== "province") return notFound("Escalation");
  const found = await getIncomingEscalation(deps.db, actor.tenant.id, id);
  if (!found) return notFound("Escalation");
  // Input is checked once the caller may act on this escalation (a stranger learns nothing from a 400).
  const input = read();
  if (!input.ok) return input;
  const r = input.value;
  const res = await resolveEscalation(deps.db, actor.tenant.id, id, { ...r, userId: actor.user.id });
  if (!res) return notFound("Escalation");
  if (!res.changed) return fail("conflict", `This escalation was already ${res.escalation.status}`);
  const event = {
    action: r.status === "answered" ? ("escalation.answer" as const) : ("escalation.return" as const),
    targetType: "escalation",
    targetId: id,
    summary: {
      clusterId: found.cluster_id,
      regencyId: found.tenant_id,
      before: { status: found.status },
      after: { status: r.status, answer: short(r.answer), verdict: r.verdict },
    },
  };
  await audit(forClinic(deps.db, found.tenant_id), actor, event);
  await audit(clinicOf(deps, actor), actor, event);
  return ok(res.escalation);
}

/** Input as it came (JSON body or form fields): checked here, after the permission. */
function parsed<S extends z.ZodType, V>(schema: S, raw: unknown, to: (v: z.infer<S>) => V): Result<V> {
  const r = schema.safeParse(raw);
  return r.success ? ok(to(r.data)) : invalidInput(r.error);
}

/** `{answer, verdict?}` */
export const answerEscalation = (deps: Deps, actor: Actor, id: string, raw: unknown) =>
  resolve(deps, actor, id, () =>
    parsed(answerInput, raw, (v) => ({ status: "answered" as const, answer: v.answer, verdict: v.verdict ?? null })),
  );

/** `{reason}` */
export const returnEscalation = (deps: Deps, actor: Actor, id: string, raw: unknown) =>
  resolve(deps, actor, id, () =>
    parsed(returnInput, raw, (v) => ({ status: "returned" as const, answer: v.reason, verdict: null })),
  );
