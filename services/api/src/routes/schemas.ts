import { CLARIFICATION_STATUSES, EVIDENCE_KINDS, ITEM_STATUSES, QUEUE_STATUSES, VERDICTS } from "@klinik/core";
import { z } from "zod";

/** Query strings and response shapes of the JSON API (request bodies are the services' inputs). */

export const idParam = z.object({ id: z.string().min(1).max(64) });
export const slugParam = z.object({ tenant: z.string().max(100) });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const itemsQuery = z.object({
  status: z.enum(QUEUE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const clustersQuery = itemsQuery.extend({
  minScore: z.coerce.number().min(0).max(1).optional(),
  maxScore: z.coerce.number().min(0).max(1).optional(),
  sourceId: z.string().max(64).optional(),
  verdict: z.enum(VERDICTS).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  assignee: z.enum(["me", "none"]).optional().describe("me: assigned to the caller; none: assigned to nobody"),
});

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export const list = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().optional() });

export const reasonSchema = z.object({ code: z.string(), label: z.string(), weight: z.number() });
export const matchSchema = z.object({
  id: z.string(),
  title: z.string(),
  verdict: z.string(),
  similarity: z.number(),
  publishedAt: z.string().nullable(),
  clinic: z.object({ slug: z.string(), name: z.string() }),
  url: z.string(),
});
/** A published clarification a search found (public check and search). */
export const publicMatchSchema = z.object({
  id: z.string(),
  title: z.string(),
  verdict: z.enum(VERDICTS),
  url: z.string().describe("Its public page"),
  score: z.number().describe("How well it matches, 0..1; best first"),
  similarity: z.number().describe("Claim similarity alone (MinHash of the text), 0..1"),
  tier: z.enum(["confirmed", "suggested"]).nullable().describe("The claim matcher's tier, when it matched"),
  body: z.string(),
  publishedAt: z.string().nullable(),
  clinic: z.object({ slug: z.string(), name: z.string() }),
});
export const itemSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  text: z.string(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  publishedAt: z.string().nullable(),
  source: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  reportId: z.string().nullable(),
  score: z.number().nullable(),
  reasons: z.array(reasonSchema),
  modelVersion: z.string().nullable(),
  status: z.enum(ITEM_STATUSES),
  clusterId: z.string().nullable(),
  matchedClarifications: z.array(matchSchema),
  createdAt: z.string(),
});
export const verdictSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  verdict: z.enum(VERDICTS),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const clarificationSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  verdict: z.enum(VERDICTS),
  status: z
    .enum(CLARIFICATION_STATUSES)
    .describe(
      "pending: waiting for a publisher's approval; withdrawn: was published, taken back (see withdrawnReason)",
    ),
  itemIds: z.array(z.string()).optional(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string().nullable().describe("The last correction of a published clarification (its dateModified)"),
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
});
export const sourceSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  url: z.string(),
  scheduleSec: z.number(),
  enabled: z.boolean(),
  pausedReason: z.string().nullable(),
  lastFetchAt: z.string().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number(),
  itemsAdded: z.number(),
  nextFetchAt: z.string().nullable(),
  droppedTotal: z.number().describe("Entries fetched but not stored, over every fetch"),
  drops: z
    .record(z.string(), z.number())
    .describe("Those entries per reason: cap (over 1,000 in one fetch), invalid (unreadable), empty (no text)"),
  lastDropReason: z.string().nullable(),
  lastDropAt: z.string().nullable(),
  secret: z.string().optional().describe("Webhook sources only, shown once at creation"),
});
export const clusterSchema = z.object({
  id: z.string(),
  size: z.number(),
  score: z.number(),
  status: z.enum(ITEM_STATUSES),
  verdict: z.enum(VERDICTS).nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  sources: z.array(z.string()),
  representativeItemId: z.string(),
  title: z.string().nullable().optional(),
  excerpt: z.string().optional(),
  url: z.string().nullable().optional(),
  reasons: z.array(reasonSchema).optional(),
  claimedBy: z
    .object({ id: z.string(), name: z.string().nullable() })
    .nullable()
    .describe("Who is editing a verdict right now (the short soft lock), if anyone"),
  assignedTo: z
    .object({ id: z.string(), name: z.string().nullable(), dueAt: z.string().nullable() })
    .nullable()
    .describe("Who should decide it and by when; opening the claim never changes this"),
  matchedClarifications: z.array(matchSchema),
});
export const evidenceSchema = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  createdAt: z.string(),
});
export const clusterDetailSchema = clusterSchema.extend({
  suggestedClusters: z.array(
    z.object({ id: z.string(), size: z.number(), status: z.string(), similarity: z.number() }),
  ),
  members: z.array(itemSchema.extend({ similarity: z.number().nullable() })),
  evidence: z.array(evidenceSchema),
});
export const claimVerdictSchema = z.object({
  clusterId: z.string(),
  verdict: z.enum(VERDICTS),
  members: z.number(),
  actionId: z.string().describe("Undo it with POST /api/v1/clusters/undo or revert it with /{id}/revert"),
});
