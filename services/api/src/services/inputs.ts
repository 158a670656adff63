import { VERDICTS } from "@klinik/core";
import { z } from "zod";
import { type Failure, INVALID_REASONS, type InvalidReason, invalid } from "./result.ts";

/**
 * Inputs of the use cases, validated the same way whichever door they came
 * through (JSON body or HTML form). The API documents these very schemas.
 */

/** Longest text accepted in a report; a whole news article fits. */
export const MAX_TEXT = 20_000;
/** Longest search text accepted (a pasted chain message); longer is refused with invalid_request. */
export const MAX_SEARCH_CHARS = 4_000;

export const httpUrl = z
  .string()
  .max(2_048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL", params: { reason: "url_format" } })
  .refine((u) => !/^https?:\/\/[^/?#]*@/i.test(u), {
    message: "must not contain a user name or password",
    params: { reason: "url_credentials" },
  });

export const verdictInput = z.object({
  verdict: z.enum(VERDICTS),
  note: z.string().trim().max(5_000).optional(),
});

export const reportInput = z.object({
  text: z.string().trim().min(1, "must not be empty").max(MAX_TEXT),
  url: httpUrl.optional(),
  contact: z.string().trim().max(200).optional(),
});

/** The public check's text: as long as any search takes (MAX_SEARCH_CHARS), so /openapi.json says what is accepted. */
export const checkInput = z.object({
  text: z.string().trim().min(1, "must not be empty").max(MAX_SEARCH_CHARS),
});

export const clarificationInput = z.object({
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(50_000),
  verdict: z.enum(VERDICTS),
  itemIds: z.array(z.string().min(1).max(64)).max(500).default([]),
});
export type ClarificationInput = z.infer<typeof clarificationInput>;

export const FETCHED_KINDS = ["rss", "mastodon", "youtube", "telegram"] as const;
const fetchedSource = z.object({
  kind: z.enum(FETCHED_KINDS).default("rss"),
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
export const sourceInput = z.union([webhookSource, fetchedSource]);
export type SourceInput = z.infer<typeof sourceInput>;

const webhookPost = z.object({
  id: z.string().trim().min(1).max(200).optional(),
  text: z.string().trim().min(1, "must not be empty").max(MAX_TEXT),
  url: httpUrl.optional(),
  author: z.string().trim().max(200).optional(),
  publishedAt: z.string().datetime({ offset: true }).optional(),
});
export const webhookInput = z.union([z.object({ items: z.array(webhookPost).min(1).max(500) }), webhookPost]);
export type WebhookInput = z.infer<typeof webhookInput>;

export const loginInput = z.object({
  email: z.string().trim().email().max(254),
  password: z.string().min(1).max(200),
});

/**
 * A refused input as a failure: the API's message names every field (English), the
 * reason says why the first was refused, for pages to say in the reader's language.
 */
export function invalidZod(err: z.ZodError): Failure {
  return invalidInput(err).error;
}

/** `invalidZod` as a use case's answer. */
export function invalidInput(err: z.ZodError): { ok: false; error: Failure } {
  const { reason, limit } = zodReason(err.issues[0]);
  return invalid(reason, describeZodError(err), limit);
}

function zodReason(issue: z.core.$ZodIssue | undefined): { reason: InvalidReason; limit?: number } {
  switch (issue?.code) {
    case "custom": {
      const r = (issue.params as { reason?: string } | undefined)?.reason;
      return { reason: (INVALID_REASONS as readonly string[]).includes(r ?? "") ? (r as InvalidReason) : "format" };
    }
    case "invalid_format":
      return {
        reason:
          issue.format === "url"
            ? "url_format"
            : issue.format === "email"
              ? "email_format"
              : issue.format === "datetime" || issue.format === "date"
                ? "date_format"
                : "format",
      };
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1
          ? { reason: "required" }
          : { reason: "too_short", limit: Number(issue.minimum) };
      if (issue.origin === "array" || issue.origin === "set") return { reason: "choose_one" };
      return { reason: "number_range" };
    case "too_big":
      if (issue.origin === "string") return { reason: "too_long", limit: Number(issue.maximum) };
      if (issue.origin === "array" || issue.origin === "set")
        return { reason: "too_many", limit: Number(issue.maximum) };
      return { reason: "number_range" };
    case "invalid_value":
      return { reason: "choice" };
    case "invalid_type":
      return { reason: issue.expected === "number" || issue.expected === "int" ? "number_format" : "required" };
    case "invalid_union": {
      // The option that came closest (fewest refusals) says why.
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0];
      return closest?.[0] ? zodReason(closest[0]) : { reason: "format" };
    }
    default:
      return { reason: "format" };
  }
}

/** Human-readable summary of a zod error that names each failing field. */
export function describeZodError(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`).join("; ");
}
