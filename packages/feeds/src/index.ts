import { mastodonAdapter } from "./adapters/mastodon.ts";
import { rssAdapter } from "./adapters/rss.ts";
import { telegramAdapter } from "./adapters/telegram.ts";
import { youtubeAdapter } from "./adapters/youtube.ts";
import { fail } from "./errors.ts";
import type { ConditionalState, FetchOptions, FetchResult, SourceAdapter, SourceRef } from "./types.ts";

export { backoffSeconds } from "./backoff.ts";
export { canonicalUrl } from "./canonical-url.ts";
export { parseStoredError, storedError } from "./errors.ts";
export { feedUrlProblem } from "./feed-url.ts";
export { htmlToText } from "./html-text.ts";
export { type PostOptions, postJson, signWebhook, verifyWebhook } from "./safe-post.ts";
export { isBlockedAddress, isIpLiteral } from "./ssrf.ts";
export type {
  ConditionalState,
  DropReason,
  ErrorCode,
  FeedEntry,
  FetchError,
  FetchOptions,
  FetchResult,
  SourceAdapter,
  SourceRef,
} from "./types.ts";
export { ERROR_CODES } from "./types.ts";

/** One adapter per source kind. */
export const adapters: Record<SourceRef["kind"], SourceAdapter> = {
  rss: rssAdapter,
  youtube: youtubeAdapter,
  mastodon: mastodonAdapter,
  telegram: telegramAdapter,
};

/**
 * Fetches one source with the adapter for its kind. Never throws for
 * network or content problems: those come back as `{ kind: "error" }`.
 */
export function fetchSource(source: SourceRef, state: ConditionalState, opts: FetchOptions): Promise<FetchResult> {
  const adapter = Object.hasOwn(adapters, source.kind) ? adapters[source.kind] : undefined;
  if (!adapter)
    return Promise.resolve(fail("unsupported_source", `Unknown source kind: ${String(source.kind).slice(0, 40)}`));
  return adapter.fetch(source, state, opts);
}
export { entryDedupKey } from "./dedup-key.ts";
