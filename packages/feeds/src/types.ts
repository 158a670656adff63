/** One item read from a feed or social source. `text` is always plain text, never HTML. */
export interface FeedEntry {
  guid: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  publishedAt: Date | null;
}

/**
 * Why an entry of a feed was not stored: `cap` beyond the most kept per fetch
 * (newest first), `invalid` not readable as an entry (e.g. a JSON Feed item that
 * is not an object), `empty` neither text nor title (decided by the ingest worker).
 */
export type DropReason = "cap" | "invalid" | "empty";

/** Validators from the previous successful fetch, persisted by the caller. */
export interface ConditionalState {
  etag: string | null;
  lastModified: string | null;
}

export interface FetchOptions {
  /** Allow private, loopback and link-local targets. Only for tests and local demos. */
  allowPrivate: boolean;
  /**
   * Exact URLs (fragment ignored) that may reach a private or loopback address even
   * when `allowPrivate` is false, e.g. the demo feeds a local start serves itself.
   * Only the listed URLs: a redirect from one of them to any other private URL is refused.
   */
  allowPrivateUrls?: readonly string[];
  /** Total time budget for the whole fetch including redirects. Default 20 000 ms. */
  timeoutMs?: number;
  /** Longest silence between two received chunks. Default 10 000 ms (never more than timeoutMs). */
  idleTimeoutMs?: number;
  /** Cap on both the transferred and the decompressed body. Default 15 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * A request holding one of its host's slots longer than this yields it to other feeds
   * of the host (see acquireHostSlot). Default 2 000 ms; Infinity turns slicing off.
   */
  hostSliceMs?: number;
  /** Keep at most this many entries, newest first. Default 1000. */
  maxEntries?: number;
  userAgent?: string;
  signal?: AbortSignal;
}

export type FetchResult =
  | {
      kind: "ok";
      status: number;
      entries: FeedEntry[];
      /** Entries the document had that are not in `entries`, per reason: the caller records them. */
      dropped: Partial<Record<DropReason, number>>;
      etag: string | null;
      lastModified: string | null;
      /** Server's requested minimum polling interval, from RSS ttl or Cache-Control max-age. */
      minIntervalSec: number | null;
      warnings: string[];
    }
  | {
      kind: "not_modified";
      status: 304;
      etag: string | null;
      lastModified: string | null;
      minIntervalSec: number | null;
    }
  | FetchError;

export interface FetchError {
  kind: "error";
  status: number | null;
  code: ErrorCode;
  /** Plain words an admin understands. */
  message: string;
  /** From Retry-After on 429/503. */
  retryAfterSec: number | null;
}

/** The documented error codes of a failed fetch (the UI translates each one). */
export const ERROR_CODES = [
  "invalid_url",
  "unsupported_scheme",
  "credentials_in_url",
  "blocked_address",
  "dns_error",
  "connect_error",
  "tls_error",
  "timeout",
  "slow_host",
  "aborted",
  "too_large",
  "decompression_error",
  "redirect_loop",
  "too_many_redirects",
  "bad_redirect",
  "rate_limited",
  "unavailable",
  "http_error",
  "html_page",
  "not_a_feed",
  "not_xml",
  "invalid_xml",
  "truncated_xml",
  "dtd_rejected",
  "invalid_json",
  "unsupported_source",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SourceRef {
  kind: "rss" | "mastodon" | "youtube" | "telegram";
  url: string;
}

export interface SourceAdapter {
  kind: SourceRef["kind"];
  fetch(source: SourceRef, state: ConditionalState, opts: FetchOptions): Promise<FetchResult>;
}
