import { fetchFeed } from "../fetch-feed.ts";
import type { SourceAdapter } from "../types.ts";

/** Plain feeds: RSS 0.9x/2.0, Atom, RDF (RSS 1.0) and JSON Feed. */
export const rssAdapter: SourceAdapter = {
  kind: "rss",
  fetch: (source, state, opts) => fetchFeed(source.url, state, opts),
};
