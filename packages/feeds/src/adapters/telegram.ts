import { DomUtils, parseDocument } from "htmlparser2";
import type { ParsedFeed, RawEntry } from "../entries.ts";
import { fail } from "../errors.ts";
import { parseUrl } from "../feed-url.ts";
import { fetchAndParse } from "../fetch-feed.ts";
import type { FetchError, SourceAdapter } from "../types.ts";

type Element = ReturnType<typeof DomUtils.findAll>[number];
const CHANNEL = /^[A-Za-z0-9_]{3,64}$/;
const HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";

/**
 * Maps `https://t.me/<channel>` or `https://t.me/s/<channel>` to the public
 * web preview page `/s/<channel>` on the same origin.
 */
export function telegramPageUrl(sourceUrl: string): string | FetchError {
  const url = parseUrl(sourceUrl, "Telegram");
  if (!(url instanceof URL)) return url;
  const channel = /^\/(?:s\/)?([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (!channel || !CHANNEL.test(channel)) {
    return fail(
      "unsupported_source",
      "Use a public Telegram channel address like https://t.me/channelname or https://t.me/s/channelname.",
    );
  }
  return `${url.origin}/s/${channel}`;
}

function hasClass(el: Element, name: string): boolean {
  return (el.attribs.class ?? "").split(/\s+/).includes(name);
}

function toRawEntry(message: Element, baseUrl: string): RawEntry {
  const post = message.attribs["data-post"] ?? "";
  const textEl = DomUtils.findOne(
    (el) => hasClass(el, "tgme_widget_message_text") && !hasClass(el, "js-message_reply_text"),
    message.children,
  );
  const time = DomUtils.findOne((el) => el.name === "time" && Boolean(el.attribs.datetime), message.children);
  const dateLink = DomUtils.findOne(
    (el) => el.name === "a" && hasClass(el, "tgme_widget_message_date"),
    message.children,
  );
  const owner = DomUtils.findOne((el) => hasClass(el, "tgme_widget_message_owner_name"), message.children);
  return {
    guid: post || null,
    url: dateLink?.attribs.href ?? (post ? new URL(`/${post}`, baseUrl).href : null),
    title: null,
    bodies: [textEl ? DomUtils.getInnerHTML(textEl) : ""],
    author: owner ? DomUtils.textContent(owner) : null,
    dates: [time?.attribs.datetime],
  };
}

/** Parses the `.tgme_widget_message` blocks of a t.me/s/ page. */
export function parseTelegramPage(html: string, _contentType: string | null, baseUrl: string): ParsedFeed | FetchError {
  const doc = parseDocument(html);
  const messages = DomUtils.findAll(
    (el) => hasClass(el, "tgme_widget_message") && Boolean(el.attribs["data-post"]),
    doc.children,
  );
  if (messages.length === 0 && !DomUtils.findOne((el) => hasClass(el, "tgme_channel_info"), doc.children)) {
    return fail(
      "not_a_feed",
      "This Telegram page shows no public channel posts (the channel may be private, renamed or not exist).",
    );
  }
  return { kind: "feed", ttlSec: null, entries: messages.map((m) => toRawEntry(m, baseUrl)) };
}

/** Public Telegram channels via the t.me/s/ web preview (no API key). */
export const telegramAdapter: SourceAdapter = {
  kind: "telegram",
  async fetch(source, state, opts) {
    const pageUrl = telegramPageUrl(source.url);
    if (typeof pageUrl !== "string") return pageUrl;
    return fetchAndParse(pageUrl, state, opts, HTML_ACCEPT, parseTelegramPage);
  },
};
