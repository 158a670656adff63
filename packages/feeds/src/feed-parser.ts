import { Parser as HtmlParser } from "htmlparser2";
import RssParser from "rss-parser";
import type { ParsedFeed, RawEntry } from "./entries.ts";
import { fail } from "./errors.ts";
import { parseTtlMinutes } from "./http-headers.ts";
import { parseJsonFeed } from "./json-feed.ts";
import type { FetchError } from "./types.ts";

type Obj = Record<string, unknown>;

// rss-parser turns Atom <published>/<updated> into ISO strings with
// `new Date(x).toISOString()`, which throws on garbage dates and would reject
// the whole feed. Renaming the tags hands the raw strings to us instead.
const RENAMED_TAGS: Record<string, string> = { published: "klinik-published", updated: "klinik-updated" };

// xml2js parsers keep state between documents (and keep it wrong after an
// error), so every document gets a fresh one.
const newRssParser = () =>
  new RssParser<Obj, Obj>({
    xml2js: { tagNameProcessors: [(name: string) => RENAMED_TAGS[name] ?? name] },
    customFields: {
      item: [
        ["klinik-published", "klinikPublished"],
        ["klinik-updated", "klinikUpdated"],
        ["media:group", "mediaGroup"],
        ["description", "rawDescription"],
      ],
    },
  });

const FEED_ROOT = /<(rss|feed|rdf:RDF|RDF)[\s>]/;

/**
 * Parses a decoded response body as RSS 0.9x/2.0, Atom, RDF or JSON Feed.
 * Hostile or wrong content (HTML, DTD entities, not XML, truncated XML)
 * comes back as a `FetchError` with a readable message.
 */
export async function parseFeedDocument(
  text: string,
  contentType: string | null,
  baseUrl: string,
): Promise<ParsedFeed | FetchError> {
  const body = text.replace(/^[\s\uFEFF]+/, "");
  if (body === "") return fail("not_a_feed", "The server returned an empty response instead of a feed.");
  const type = (contentType ?? "").toLowerCase();

  if (body.startsWith("{") || /json/.test(type)) return parseJsonFeed(body);
  if (looksLikeHtml(body, type)) return htmlPageError(body, baseUrl);
  if (hasEntityDeclarations(body)) {
    return fail(
      "dtd_rejected",
      "The feed declares its own XML entities (<!DOCTYPE … <!ENTITY …>), which is refused for safety (entity expansion attacks).",
    );
  }
  if (!body.startsWith("<")) {
    return fail(
      "not_xml",
      `The response is neither XML nor JSON, so it is not a feed. It starts with: "${preview(body)}"`,
    );
  }
  let feed: Obj;
  try {
    feed = (await newRssParser().parseString(body)) as unknown as Obj;
  } catch (err) {
    return xmlError(err);
  }
  const items = Array.isArray(feed.items) ? (feed.items as Obj[]) : [];
  return { kind: "feed", entries: items.map(toRawEntry), ttlSec: parseTtlMinutes(feed.ttl) };
}

function toRawEntry(item: Obj): RawEntry {
  const media = first(item.mediaGroup);
  return {
    guid: item.guid ?? item.id ?? item["rdf:about"] ?? null,
    url: item.link ?? null,
    title: textOf(item.title),
    bodies: [
      textOf(item["content:encoded"]),
      textOf(item.content),
      textOf(item.summary),
      textOf(item.rawDescription),
      media ? textOf(media["media:description"]) : null,
    ],
    author: textOf(item.creator) ?? textOf(item.author) ?? textOf(item["dc:creator"]),
    dates: [textOf(item.pubDate), textOf(item.klinikPublished), textOf(item.date), textOf(item.klinikUpdated)],
  };
}

function first(value: unknown): Obj | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== null && typeof v === "object" ? (v as Obj) : null;
}

/** xml2js gives either a string or an object with the text under `_`. */
function textOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return textOf(value[0]);
  if (value !== null && typeof value === "object") {
    const inner = (value as Obj)._;
    return typeof inner === "string" ? inner : null;
  }
  return null;
}

function preview(text: string): string {
  return text.slice(0, 60).replace(/\s+/g, " ");
}

function looksLikeHtml(body: string, type: string): boolean {
  const head = body
    .slice(0, 4096)
    .replace(/^<\?xml[^>]*>\s*/, "")
    .replace(/^(<!--[\s\S]*?-->\s*)+/, "");
  if (/^<!doctype\s+html/i.test(head) || /^<html[\s>]/i.test(head)) return true;
  return type.includes("text/html") && !FEED_ROOT.test(head);
}

/** Entity declarations live in the prolog, before the root element. */
function hasEntityDeclarations(body: string): boolean {
  const root = /<[A-Za-z_]/.exec(body);
  const prolog = root ? body.slice(0, root.index) : body;
  return /<!ENTITY/i.test(prolog);
}

const ALTERNATE_TYPES = new Set([
  "application/rss+xml",
  "application/atom+xml",
  "application/feed+json",
  "application/rdf+xml",
]);

function htmlPageError(html: string, baseUrl: string): FetchError {
  let alternate: string | null = null;
  const parser = new HtmlParser({
    onopentag(name, attrs) {
      if (alternate || name !== "link") return;
      const rel = (attrs.rel ?? "").toLowerCase().split(/\s+/);
      const type = (attrs.type ?? "").toLowerCase().trim();
      if (!rel.includes("alternate") || !ALTERNATE_TYPES.has(type) || !attrs.href) return;
      try {
        alternate = new URL(attrs.href, baseUrl).href;
      } catch {
        // an unusable href is no better than none
      }
    },
  });
  parser.write(html.slice(0, 512 * 1024));
  parser.end();
  const hint = alternate ? ` The page links to a feed; use this URL instead: ${alternate}` : "";
  return fail("html_page", `the URL returned an HTML page, not a feed.${hint}`);
}

function xmlError(err: unknown): FetchError {
  const message = err instanceof Error ? err.message : String(err);
  const firstLine = message.split("\n")[0] ?? message;
  if (/not recognized as RSS/i.test(message)) {
    return fail("not_a_feed", "The document is XML but not an RSS, Atom or RDF feed.");
  }
  // rss-parser walks the tree without checks; a TypeError means required elements are missing or malformed.
  if (err instanceof TypeError || err instanceof RangeError) {
    return fail("not_a_feed", "The feed's structure is broken: required elements are missing or malformed.");
  }
  if (/Unclosed root tag|Unexpected end/i.test(message)) {
    return fail("truncated_xml", "The feed's XML ends abruptly — the download was cut off or the feed is broken.");
  }
  return fail("invalid_xml", `The feed is not valid XML (${firstLine.slice(0, 200)}).`);
}
