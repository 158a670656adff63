import { QUEUE_STATUSES } from "@klinik/core";
import { type Actor, clinicOf, denied } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import { ok } from "./result.ts";
import { withWords } from "./review.service.ts";

type Deps = Pick<ServiceDeps, "db">;

/** A claim as the editor picks it: what it says, how big it is, its verdict. */
export interface PickableClaim {
  id: string;
  label: string;
  size: number;
  verdict: string | null;
}

const label = (title: string | null, excerpt: string) => (title?.trim() || excerpt).slice(0, 160);

/**
 * Claims of the actor's clinic whose messages hold the words of `q`, for linking a
 * clarification by searching instead of pasting ids. Uses the review queue's search
 * (every status, its words in any order), so the same matching the analysts know
 * applies; at most 10, highest score first.
 */
export async function searchClaimsToLink(deps: Deps, actor: Actor, q: string) {
  const no = denied(actor, "clarification.write");
  if (no) return no;
  const text = q.trim().slice(0, 200);
  if (!text) return ok([] as PickableClaim[]);
  const rows = await clinicOf(deps, actor).listReviewQueue(withWords({ statuses: QUEUE_STATUSES, q: text, limit: 10 }));
  return ok(rows.map((r) => ({ id: r.id, label: label(r.title, r.excerpt), size: r.size, verdict: r.verdict })));
}

/** The clinic's claims by id (another clinic's are left out), for showing what is already linked. */
export async function claimsById(deps: Deps, actor: Actor, ids: string[]): Promise<PickableClaim[]> {
  const clinic = clinicOf(deps, actor);
  const out: PickableClaim[] = [];
  for (const id of ids.slice(0, 50)) {
    const c = await clinic.getCluster(id);
    if (!c) continue;
    const rep = await clinic.getItem(c.representative_item_id);
    out.push({ id: c.id, label: label(rep?.title ?? null, rep?.text ?? ""), size: c.size, verdict: c.verdict });
  }
  return out;
}

/** The clinic's items by id with a label (items linked to no claim yet still show in the editor). */
export async function itemsById(deps: Deps, actor: Actor, ids: string[]) {
  const clinic = clinicOf(deps, actor);
  const out: { id: string; label: string }[] = [];
  for (const id of ids.slice(0, 500)) {
    const item = await clinic.getItem(id);
    if (item) out.push({ id: item.id, label: label(item.title, item.text).slice(0, 100) });
  }
  return out;
}
