import type { ClusterIndex, ClusterMatch, Signature } from "@klinik/cluster";
import { claimSignature, decodeSignature } from "./claim-text.ts";

// When two texts are one claim: the only place that reads a match's tier.
// The classify and match-clarification processors, the quality test and the
// cluster bench all go through these functions.

/** An item to place, in arrival order. */
export interface SignedItem {
  id: string;
  sig: Signature;
}

export interface ClusterSuggestion {
  clusterId: string;
  similarity: number;
}

export interface ClaimAssignment {
  itemId: string;
  /** The cluster the item joins: an existing one, or a fresh id from `newClusterId`. */
  clusterId: string;
  /** True when no confirmed near-duplicate was found and the item starts `clusterId`. */
  created: boolean;
  /** Other clusters it resembles below the confirmed tier, most similar first, one entry per cluster. */
  suggestions: ClusterSuggestion[];
}

/** At most this many similar clusters are suggested per item. */
export const MAX_SUGGESTIONS = 3;

const confirmed = (m: { tier: ClusterMatch["tier"] }): boolean => m.tier === "confirmed";

/**
 * Decides the claim of every item of a batch: the cluster of its most similar
 * confirmed near-duplicate, else a new cluster. Each item joins `index` as it
 * is decided, so near-duplicates inside one batch find each other. The caller
 * removes from `index` whatever it then fails to store.
 */
export function assignBatch(
  index: ClusterIndex,
  items: readonly SignedItem[],
  newClusterId: () => string,
): ClaimAssignment[] {
  return items.map(({ id, sig }) => {
    const near = index.query(sig, Number.POSITIVE_INFINITY).filter((m) => m.key !== id);
    const best = near.find(confirmed);
    const clusterId = best?.clusterId ?? newClusterId();
    index.add(id, clusterId, sig);
    return { itemId: id, clusterId, created: best === undefined, suggestions: suggestionsOf(near, clusterId) };
  });
}

function suggestionsOf(near: readonly ClusterMatch[], own: string): ClusterSuggestion[] {
  const out: ClusterSuggestion[] = [];
  const seen = new Set([own]);
  for (const m of near) {
    if (out.length === MAX_SUGGESTIONS) break;
    if (confirmed(m) || seen.has(m.clusterId)) continue;
    seen.add(m.clusterId);
    out.push({ clusterId: m.clusterId, similarity: m.similarity });
  }
  return out;
}

/** Of the published clarifications an item resembles, those that answer it: confirmed near-duplicates only. */
export function answeringClarifications(
  matches: readonly { clarificationId: string; similarity: number; tier: ClusterMatch["tier"] }[],
): { clarificationId: string; similarity: number }[] {
  return matches.filter(confirmed).map((m) => ({ clarificationId: m.clarificationId, similarity: m.similarity }));
}

/** What a published clarification stands for: its own title and body, and the signature of every item it links. */
export interface ClarificationTexts {
  title: string | null;
  body: string;
  /** Stored (base64) signatures of its linked items. */
  item_signatures: readonly string[];
}

/**
 * The signatures a clarification is matched by: its own text first, then each
 * linked item's. A signature of an older format is skipped; the clarification's
 * own text still matches.
 */
export function clarificationSignatures(c: ClarificationTexts): Signature[] {
  const sigs = [claimSignature(c.title, c.body)];
  for (const s of c.item_signatures) {
    try {
      sigs.push(decodeSignature(s));
    } catch {
      // older format: not comparable
    }
  }
  return sigs;
}

/**
 * Clusters of one clinic's index that a published clarification marks: every
 * cluster with a confirmed near-duplicate of any of `sigs`
 * ({@link clarificationSignatures}), with its best similarity over them.
 */
export function clustersMarkedBy(index: ClusterIndex, sigs: readonly Signature[]): Map<string, number> {
  const best = new Map<string, number>();
  for (const sig of sigs) {
    for (const m of index.query(sig, Number.POSITIVE_INFINITY)) {
      if (confirmed(m)) best.set(m.clusterId, Math.max(best.get(m.clusterId) ?? 0, m.similarity));
    }
  }
  return best;
}
