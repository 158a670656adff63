import { createHash } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { notModified } from "../../public-page-cache.ts";
import { clinicFeed, type FeedSource, instanceFeed } from "../../services/feeds.service.ts";
import type { Result } from "../../services/result.ts";
import { buildFeed, FEED_FORMATS, type FeedFormat } from "../feed-build.ts";
import { publicOrigin } from "../public-ctx.ts";
import { publicFailure } from "../public-failure.tsx";
import type { UiEnv } from "../ui-context.ts";

/** Feed readers poll: a few minutes in caches, then a conditional request answered 304. */
const FEED_CACHE = "public, max-age=300";

/**
 * Answers a feed: 304 when the reader's ETag or Last-Modified is current (decided from
 * the version query alone, before any row is read), else the feed in `format`.
 */
async function serveFeed(c: Context<UiEnv>, format: FeedFormat, found: Result<FeedSource>) {
  if (!found.ok) return publicFailure(c, found.error);
  const src = found.value;
  const origin = publicOrigin(c);
  const { last, count } = src.version;
  // The version is the newest change and how many are listed (a withdrawal lowers it).
  const etag = `"${createHash("sha1")
    .update(`${format}|${origin}|${c.var.lang}|${last ?? ""}|${count}|${src.clinic?.display_name ?? ""}`)
    .digest("base64url")
    .slice(0, 22)}"`;
  const lastModified = new Date(last ?? 0).toUTCString();
  c.header("ETag", etag);
  c.header("Last-Modified", lastModified);
  c.header("Cache-Control", FEED_CACHE);
  c.header("Vary", "Accept-Language, Cookie");
  const inm = c.req.header("if-none-match");
  const ims = c.req.header("if-modified-since");
  const fresh = inm
    ? notModified(inm, etag)
    : !!ims && !Number.isNaN(Date.parse(ims)) && Date.parse(ims) >= Date.parse(lastModified);
  if (fresh) return c.body(null, 304);
  const body = buildFeed(format, {
    origin,
    clinic: src.clinic,
    lang: c.var.lang,
    updated: last,
    rows: await src.rows(),
  });
  return c.body(body, 200, { "Content-Type": FEED_FORMATS[format].type });
}

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of published clarifications, per clinic
 * (`/k/{slug}/feed.xml|.atom|.json`) and of the whole instance (`/k/feed.*`).
 */
export const feedsUi = new Hono<UiEnv>();
for (const format of Object.keys(FEED_FORMATS) as FeedFormat[]) {
  const ext = FEED_FORMATS[format].ext;
  feedsUi.get(`/k/feed.${ext}`, async (c) => serveFeed(c, format, await instanceFeed(c.var.deps)));
  feedsUi.get(`/k/:slug/feed.${ext}`, async (c) =>
    serveFeed(c, format, await clinicFeed(c.var.deps, c.req.param("slug"))),
  );
}
