import { ITEM_STATUSES, QUEUE_STATUSES, VERDICTS } from "@klinik/core";
import { z } from "zod";

/** Longest text the API accepts in a report; a whole news article fits. */
export const MAX_TEXT = 20_000;
const httpUrl = z
  .string()
  .max(2_048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL" });

export const loginBody = z.object({
  email: z.string().trim().email().max(254),
  password: z.string().min(1).max(200),
});

export const reportBody = z.object({
  text: z.string().trim().min(1, "must not be empty").max(MAX_TEXT),
  url: httpUrl.optional(),
  contact: z.string().trim().max(200).optional(),
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
});

export const verdictBody = z.object({
  verdict: z.enum(VERDICTS),
  note: z.string().trim().max(5_000).optional(),
});

export const clarificationBody = z.object({
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(50_000),
  verdict: z.enum(VERDICTS),
  itemIds: z.array(z.string().min(1).max(64)).max(500).default([]),
});

const fetchedSource = z.object({
  kind: z.enum(["rss", "mastodon", "youtube", "telegram"]).default("rss"),
  name: z.string().trim().min(1).max(200),
  url: httpUrl,
  scheduleSec: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(300),
});
const webhookSource = z.object({
  kind: z.literal("webhook"),
  name: z.string().trim().min(1).max(200),
});
/** A fetched source needs a URL; a webhook source gets its URL and secret from the server. */
export const sourceBody = z.union([webhookSource, fetchedSource]);

const webhookPost = z.object({
  id: z.string().trim().min(1).max(200).optional(),
  text: z.string().trim().min(1, "must not be empty").max(MAX_TEXT),
  url: httpUrl.optional(),
  author: z.string().trim().max(200).optional(),
  publishedAt: z.string().datetime({ offset: true }).optional(),
});
export const webhookBody = z.union([z.object({ items: z.array(webhookPost).min(1).max(500) }), webhookPost]);

export const checkBody = z.object({
  text: z.string().trim().min(1, "must not be empty").max(MAX_TEXT),
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

// Response shapes, for the OpenAPI document.
export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export const reasonSchema = z.object({ code: z.string(), label: z.string(), weight: z.number() });
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
  matchedClarifications: z.array(z.object({ id: z.string(), title: z.string(), similarity: z.number() }).passthrough()),
  createdAt: z.string(),
});
export const clarificationSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  verdict: z.enum(VERDICTS),
  status: z.enum(["draft", "published"]),
  itemIds: z.array(z.string()).optional(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
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
});

export const matchSchema = z.object({
  id: z.string(),
  title: z.string(),
  verdict: z.string(),
  similarity: z.number(),
  publishedAt: z.string().nullable(),
  clinic: z.object({ slug: z.string(), name: z.string() }),
  url: z.string(),
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
  claimedBy: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  matchedClarifications: z.array(matchSchema),
});
