import { decodeSignature } from "@klinik/claims";
import { estimateSimilarity } from "@klinik/cluster";
import { heldByOther, nowIso, type QueueFilter, type ReporterContact, type ReviewQueueFilter } from "@klinik/db";
import { substringGroups } from "@klinik/search";
import { type Actor, can, clinicOf, denied } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import { type ReadClinic, readableClinic } from "./province-read.ts";
import { notFound, ok } from "./result.ts";

type Deps = Pick<ServiceDeps, "db">;

/** A page of the queue and the published clarifications its items match (one query for the whole page). */
async function pageWithMatches<R>(
  deps: Deps,
  actor: Actor,
  read: (clinic: ReadClinic) => Promise<R[]>,
  itemOf: (row: R) => string,
  clinicId?: string,
) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  const readable = await readableClinic(deps, actor, clinicId);
  if (!readable.ok) return readable;
  const { clinic } = readable.value;
  const rows = await read(clinic);
  return ok({ rows, matches: await clinic.listItemMatches(rows.map(itemOf)) });
}

/**
 * The queue's text search: every word of `q` (or its stem, chat spellings expanded,
 * stopwords ignored) in one member of the claim, in any order: "Vaksin chip" finds
 * "vaksin campak mengandung chip". A query of stopwords only is matched as it is.
 */
export function withWords(filter: ReviewQueueFilter): ReviewQueueFilter {
  return filter.q ? { ...filter, words: substringGroups(filter.q) } : filter;
}

/** The review queue as claims (the same query for API and UI); a province may read a regency's (`clinicId`). */
export const listClaims = (deps: Deps, actor: Actor, filter: ReviewQueueFilter, clinicId?: string) =>
  pageWithMatches(
    deps,
    actor,
    (clinic) => clinic.listReviewQueue(withWords(filter)),
    (r) => r.representative_item_id,
    clinicId,
  );

/** The queue as single items (older API view). */
export const listItems = (deps: Deps, actor: Actor, filter: QueueFilter) =>
  pageWithMatches(
    deps,
    actor,
    (clinic) => clinic.listQueue(filter),
    (r) => r.id,
  );

export async function getItem(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const item = await clinic.getItem(id);
  if (!item) return notFound("Item");
  const [source, verdicts, matches, reporters] = await Promise.all([
    item.source_id ? clinic.getSource(item.source_id) : undefined,
    clinic.listVerdicts(item.id),
    clinic.listItemMatches([item.id]),
    reporterContacts(deps, actor, true, [item]),
  ]);
  const reporter = reporters.get(item.id) ?? null;
  return ok({ item: { ...item, source_name: source?.name ?? null }, verdicts, matches, reporter });
}

/**
 * The contact and ticket behind the items that came from a public report, for those
 * allowed to see them ("report.contact") in their own clinic; nothing for anyone else.
 * The item API and the claim page both ask here. Erased contacts stay erased.
 */
async function reporterContacts(
  deps: Deps,
  actor: Actor,
  own: boolean,
  items: readonly { id: string; report_id: string | null }[],
): Promise<Map<string, ReporterContact>> {
  // Only the actor's own clinic: a province reading a regency's claim never gets its reporters.
  if (!own || !can(actor, "report.contact")) return new Map();
  const ids = items.filter((i) => i.report_id).map((i) => i.id);
  return ids.length ? clinicOf(deps, actor).reportContactsOfItems(ids) : new Map();
}

/** A claim of the actor's clinic (or, read only, of a regency of the actor's province) and its members. */
async function readClaim(deps: Deps, actor: Actor, id: string, clinicId?: string) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  const readable = await readableClinic(deps, actor, clinicId);
  if (!readable.ok) return readable;
  const { clinic, own, tenant } = readable.value;
  const cluster = await clinic.getCluster(id);
  if (!cluster) return notFound("Cluster");
  return ok({ clinic, own, tenant, cluster, members: await clinic.listClusterMembers(cluster.id) });
}

/** A claim with its members, how close each is to the representative, and similar claims. */
export async function getClaim(deps: Deps, actor: Actor, id: string, clinicId?: string) {
  const found = await readClaim(deps, actor, id, clinicId);
  if (!found.ok) return found;
  const { clinic, cluster, members } = found.value;
  const [sigs, matches, suggested, evidence] = await Promise.all([
    clinic.listClusterSignatures(cluster.id),
    clinic.listItemMatches(members.map((m) => m.id)),
    clinic.listSuggestedClusters(cluster.id),
    clinic.evidence.listEvidence({ cluster: cluster.id }),
  ]);
  const sigOf = new Map(sigs.map((s) => [s.item_id, decodeSignature(s.signature)]));
  const rep = sigOf.get(cluster.representative_item_id);
  const similarity = (itemId: string) => {
    const sig = sigOf.get(itemId);
    return rep && sig ? Math.round(estimateSimilarity(rep, sig) * 1000) / 1000 : null;
  };
  return ok({
    cluster,
    members: members.map((m) => ({ ...m, similarity: similarity(m.id) })),
    matches,
    suggested,
    evidence,
  });
}

export type ClaimState =
  | { kind: "mine"; until: string }
  | { kind: "held"; holderName: string | null; until: string }
  | { kind: "free" }
  | { kind: "closed" };

/** Everything the claim page shows. Reading never takes the claim: that is a POST of its own. */
export async function claimPage(deps: Deps, actor: Actor, id: string, clinicId?: string) {
  const found = await readClaim(deps, actor, id, clinicId);
  if (!found.ok) return found;
  const { clinic, own, tenant, cluster, members } = found.value;
  const [matchRows, history, notes, next, users, escalations, evidence, reporters] = await Promise.all([
    clinic.listItemMatches(members.map((m) => m.id)),
    clinic.listClusterVerdictHistory(cluster.id),
    clinic.listClusterNotes(cluster.id),
    clinic.nextOpenCluster({ score: cluster.max_score, id: cluster.id }, actor.user.id),
    clinic.listTenantUsers(),
    clinic.listEscalations({ clusterId: cluster.id, limit: 20 }),
    clinic.evidence.listEvidence({ cluster: cluster.id }),
    reporterContacts(deps, actor, own, members),
  ]);
  const now = nowIso();
  const live = !!cluster.claimed_by && !!cluster.claimed_until && cluster.claimed_until > now;
  const state: ClaimState =
    cluster.status === "done" || cluster.status === "dismissed"
      ? { kind: "closed" }
      : heldByOther(cluster, actor.user.id, now)
        ? {
            kind: "held",
            holderName: users.find((u) => u.id === cluster.claimed_by)?.name ?? null,
            until: cluster.claimed_until ?? now,
          }
        : live && cluster.claimed_by === actor.user.id
          ? { kind: "mine", until: cluster.claimed_until ?? now }
          : { kind: "free" };
  const seen = new Set<string>();
  const matches = matchRows.filter((m) => !seen.has(m.clarification_id) && seen.add(m.clarification_id));
  // A province reading a regency's claim (`readOnly`) gets no forms and no "next" of the regency's queue.
  return ok({
    cluster,
    members,
    matches,
    history,
    notes,
    next: own ? next : undefined,
    state,
    escalations,
    evidence,
    users,
    reporters,
    assignee: cluster.assignee_id
      ? {
          id: cluster.assignee_id,
          name: users.find((u) => u.id === cluster.assignee_id)?.name ?? null,
          due: cluster.due_at ?? null,
        }
      : null,
    readOnly: !own,
    clinic: tenant,
    // A regency/city may hand its own claim up to its province.
    canEscalate: own && actor.tenant.kind === "regency" && !!actor.tenant.parent_id && can(actor, "claim.escalate"),
  });
}

/** The queue page: claims, sources and colleagues for the filters and the bulk bar; a province may read a regency's. */
export async function queuePage(deps: Deps, actor: Actor, filter: ReviewQueueFilter, clinicId?: string) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  const readable = await readableClinic(deps, actor, clinicId);
  if (!readable.ok) return readable;
  const { clinic, own, tenant } = readable.value;
  const now = nowIso();
  // Housekeeping writes only on the actor's own clinic; a regency read from its province is left as it is.
  if (own) await clinicOf(deps, actor).releaseExpiredClaims(now);
  const [rows, sources, users] = await Promise.all([
    clinic.listReviewQueue(withWords(filter)),
    clinic.listSources(),
    clinic.listTenantUsers(),
  ]);
  return ok({ rows, sources, users, now, clinic: tenant, readOnly: !own });
}

/** How many claims entered the queue since `since` (the "n new claims" notice). */
export async function countNewClaims(deps: Deps, actor: Actor, since: string) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  return ok(await clinicOf(deps, actor).countNewClusters(since));
}
