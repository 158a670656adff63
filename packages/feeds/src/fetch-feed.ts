import { decodeBody } from "./charset.ts";
import type { ParsedFeed } from "./entries.ts";
import { DEFAULT_MAX_ENTRIES, normalizeEntries } from "./entries.ts";
import { parseFeedDocument } from "./feed-parser.ts";
import { type HttpResponse, httpGet } from "./http-client.ts";
import { header, minInterval, parseMaxAge } from "./http-headers.ts";
import type { ConditionalState, FetchError, FetchOptions, FetchResult } from "./types.ts";

export const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

/** Reads a decoded body into entries, or says why it cannot. */
type Parse = (
  text: string,
  contentType: string | null,
  baseUrl: string,
) => ParsedFeed | FetchError | Promise<ParsedFeed | FetchError>;

/** Turns a fetched response into a result, using `parse` for the decoded body. */
async function resultFromResponse(
  res: HttpResponse,
  state: ConditionalState,
  opts: FetchOptions,
  parse: Parse,
): Promise<FetchResult> {
  const etag = header(res.headers, "etag");
  const lastModified = header(res.headers, "last-modified");
  const maxAge = parseMaxAge(header(res.headers, "cache-control"));
  if (res.status === 304) {
    // A 304 may omit validators; keep the stored ones so the next request stays conditional.
    return {
      kind: "not_modified",
      status: 304,
      etag: etag ?? state.etag,
      lastModified: lastModified ?? state.lastModified,
      minIntervalSec: minInterval(maxAge),
    };
  }
  const contentType = header(res.headers, "content-type");
  const decoded = decodeBody(res.body, contentType);
  const parsed = await parse(decoded.text, contentType, res.url);
  if (parsed.kind === "error") return { ...parsed, status: parsed.status ?? res.status };
  const { entries, warnings, cut } = normalizeEntries(parsed.entries, {
    baseUrl: res.url,
    maxEntries: opts.maxEntries ?? DEFAULT_MAX_ENTRIES,
  });
  return {
    kind: "ok",
    status: res.status,
    entries,
    dropped: { cap: cut, invalid: parsed.invalid ?? 0 },
    etag,
    lastModified,
    minIntervalSec: minInterval(maxAge, parsed.ttlSec),
    warnings: [...decoded.warnings, ...warnings],
  };
}

/** GETs `url` asking for `accept`, then {@link resultFromResponse} with `parse`. */
export async function fetchAndParse(
  url: string,
  state: ConditionalState,
  opts: FetchOptions,
  accept: string,
  parse: Parse,
): Promise<FetchResult> {
  const res = await httpGet(url, state, opts, accept);
  if (res.kind === "error") return res;
  return resultFromResponse(res, state, opts, parse);
}

/** Fetches and parses an RSS/Atom/RDF/JSON Feed URL. */
export function fetchFeed(url: string, state: ConditionalState, opts: FetchOptions): Promise<FetchResult> {
  return fetchAndParse(url, state, opts, FEED_ACCEPT, parseFeedDocument);
}
