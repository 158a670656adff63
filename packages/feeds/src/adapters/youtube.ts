import { fail } from "../errors.ts";
import { parseUrl } from "../feed-url.ts";
import { fetchFeed } from "../fetch-feed.ts";
import type { FetchError, SourceAdapter } from "../types.ts";

const CHANNEL_ID = /^UC[A-Za-z0-9_-]{10,40}$/;

/**
 * Maps a YouTube source URL to its public Atom feed. Accepts
 * `/feeds/videos.xml?channel_id=UC…` as is and `/channel/UC…` pages. The
 * origin is kept, so tests can point the adapter at a local server.
 */
export function youtubeFeedUrl(sourceUrl: string): string | FetchError {
  const url = parseUrl(sourceUrl, "YouTube");
  if (!(url instanceof URL)) return url;
  if (url.pathname === "/feeds/videos.xml") {
    const id = url.searchParams.get("channel_id") ?? url.searchParams.get("playlist_id");
    if (id) return url.href;
  }
  const channel = /^\/channel\/([^/]+)\/?/.exec(url.pathname)?.[1];
  if (channel && CHANNEL_ID.test(channel)) {
    return `${url.origin}/feeds/videos.xml?channel_id=${encodeURIComponent(channel)}`;
  }
  return fail(
    "unsupported_source",
    "Use a YouTube channel address like https://www.youtube.com/channel/UC… or its feed https://www.youtube.com/feeds/videos.xml?channel_id=UC… (handles like /@name are not supported).",
  );
}

/** YouTube channel uploads via the public Atom feed; text is the video description. */
export const youtubeAdapter: SourceAdapter = {
  kind: "youtube",
  async fetch(source, state, opts) {
    const feedUrl = youtubeFeedUrl(source.url);
    if (typeof feedUrl !== "string") return feedUrl;
    return fetchFeed(feedUrl, state, opts);
  },
};
