import type { ParsedFeed, RawEntry } from "../entries.ts";
import { fail } from "../errors.ts";
import { parseUrl } from "../feed-url.ts";
import { fetchAndParse } from "../fetch-feed.ts";
import { DEFAULT_TIMEOUT_MS, httpGet } from "../http-client.ts";
import { isJsonObject, type JsonObject, parseJson } from "../json.ts";
import type { ConditionalState, FetchError, FetchOptions, FetchResult, SourceAdapter } from "../types.ts";

const JSON_ACCEPT = "application/json";
const PAGE_SIZE = 40;

export type MastodonTarget =
  | { kind: "tag"; origin: string; tag: string }
  | { kind: "account"; origin: string; acct: string };

/**
 * `https://host/tags/<tag>` or `https://host/@<user>` (also `/@user@other`
 * and `/users/<user>`). The API is built from the source URL's origin, so
 * any instance — or a local test server — works without configuration.
 */
export function parseMastodonUrl(sourceUrl: string): MastodonTarget | FetchError {
  const url = parseUrl(sourceUrl, "Mastodon");
  if (!(url instanceof URL)) return url;
  const tag = /^\/tags\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (tag) return { kind: "tag", origin: url.origin, tag: decodeURIComponent(tag) };
  const acct = /^\/(?:@|users\/)([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (acct) return { kind: "account", origin: url.origin, acct: decodeURIComponent(acct) };
  return fail(
    "unsupported_source",
    "Use a Mastodon hashtag address like https://mastodon.social/tags/hoaks or an account like https://mastodon.social/@user.",
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function toRawEntry(status: JsonObject): RawEntry {
  // A boost carries the original post; index that, but keep the boost's uri as guid.
  const post = isJsonObject(status.reblog) ? status.reblog : status;
  const account = isJsonObject(post.account) ? post.account : {};
  const spoiler =
    typeof post.spoiler_text === "string" && post.spoiler_text ? `<p>${escapeHtml(post.spoiler_text)}</p>` : "";
  const content = typeof post.content === "string" ? post.content : "";
  return {
    guid: status.uri ?? null,
    url: post.url ?? post.uri ?? null,
    title: null,
    bodies: [spoiler + content],
    author: account.acct ?? account.username ?? null,
    dates: [post.created_at],
  };
}

export function parseStatuses(body: string): ParsedFeed | FetchError {
  const parsed = parseJson(body, "The Mastodon server's answer is not valid JSON.");
  if (parsed.kind === "error") return parsed;
  const doc = parsed.value;
  if (!Array.isArray(doc)) return fail("not_a_feed", "The Mastodon server did not return a list of posts.");
  const statuses = doc.filter(isJsonObject);
  return { kind: "feed", ttlSec: null, invalid: doc.length - statuses.length, entries: statuses.map(toRawEntry) };
}

async function lookupAccountId(
  target: Extract<MastodonTarget, { kind: "account" }>,
  opts: FetchOptions,
): Promise<string | FetchError> {
  const url = `${target.origin}/api/v1/accounts/lookup?acct=${encodeURIComponent(target.acct)}`;
  const res = await httpGet(url, { etag: null, lastModified: null }, opts, JSON_ACCEPT);
  if (res.kind === "error") {
    if (res.status === 404)
      return { ...res, message: `The Mastodon account @${target.acct} does not exist on ${target.origin}.` };
    return res;
  }
  const parsed = parseJson(
    res.body.toString("utf8"),
    "The Mastodon account lookup did not return valid JSON.",
    res.status,
  );
  if (parsed.kind === "error") return parsed;
  const doc = parsed.value;
  const id = isJsonObject(doc) ? doc.id : undefined;
  if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    return fail("not_a_feed", `The Mastodon server did not return an id for @${target.acct}.`, res.status);
  }
  return id;
}

/** Public Mastodon REST API, no token: hashtag timelines and account posts. */
export const mastodonAdapter: SourceAdapter = {
  kind: "mastodon",
  async fetch(source, state: ConditionalState, opts): Promise<FetchResult> {
    const target = parseMastodonUrl(source.url);
    if ("code" in target) return target;
    const started = Date.now();
    let statusesUrl: string;
    if (target.kind === "tag") {
      statusesUrl = `${target.origin}/api/v1/timelines/tag/${encodeURIComponent(target.tag)}?limit=${PAGE_SIZE}`;
    } else {
      const id = await lookupAccountId(target, opts);
      if (typeof id !== "string") return id;
      statusesUrl = `${target.origin}/api/v1/accounts/${id}/statuses?limit=${PAGE_SIZE}`;
    }
    // Both requests share one time budget.
    const remaining = Math.max(1, (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) - (Date.now() - started));
    return fetchAndParse(statusesUrl, state, { ...opts, timeoutMs: remaining }, JSON_ACCEPT, parseStatuses);
  },
};
