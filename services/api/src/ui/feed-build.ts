import type { Tenant } from "@klinik/db";
import { Feed } from "feed";
import type { FeedEntry } from "../services/feeds.service.ts";
import { truncate } from "./format.ts";
import { type Lang, verdictLabel } from "./i18n.ts";

export const FEED_FORMATS = {
  rss: { ext: "xml", type: "application/rss+xml; charset=utf-8" },
  atom: { ext: "atom", type: "application/atom+xml; charset=utf-8" },
  json: { ext: "json", type: "application/feed+json; charset=utf-8" },
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

/**
 * One feed of published clarifications, written by the `feed` package. Each entry
 * carries its verdict in the title ("[Salah/Hoaks] …") and as a category (term = the
 * verdict code), its publication and last correction dates, and the full text.
 */
export function buildFeed(
  format: FeedFormat,
  input: { origin: string; clinic: Tenant | null; lang: Lang; updated: string | null; rows: FeedEntry[] },
): string {
  const { origin, clinic, lang } = input;
  const base = clinic ? `${origin}/k/${clinic.slug}` : `${origin}/k`;
  const name = clinic ? (clinic.display_name ?? clinic.name) : "Klinik Hoaks";
  const feed = new Feed({
    title: lang === "en" ? `${name} — hoax clarifications` : `${name} — klarifikasi hoaks`,
    description:
      lang === "en"
        ? `Clarifications published by ${name}`
        : `Klarifikasi yang diterbitkan ${clinic ? name : "semua klinik di Klinik Hoaks"}`,
    // The id is the feed's identity for readers and stays as first published; the link
    // is the site page (the path without a trailing slash: `/k/{slug}/` is a 404).
    id: `${base}/`,
    link: base,
    language: lang,
    updated: new Date(input.updated ?? 0),
    generator: "Klinik Hoaks",
    copyright: name,
    ...(clinic?.logo_url?.startsWith("https://") ? { image: clinic.logo_url } : {}),
    feedLinks: {
      rss: `${base}/feed.xml`,
      atom: `${base}/feed.atom`,
      json: `${base}/feed.json`,
    },
  });
  for (const r of input.rows) {
    const url = `${origin}/k/${r.clinic_slug}/klarifikasi/${r.id}`;
    const verdict = verdictLabel(r.verdict, lang);
    const published = new Date(r.published_at ?? r.created_at);
    feed.addItem({
      title: `[${verdict}] ${r.title}`,
      id: url,
      link: url,
      description: escapeHtml(truncate(r.body.replace(/\s+/g, " ").trim(), 300)),
      content: textToHtml(r.body),
      date: new Date(r.updated_at ?? r.published_at ?? r.created_at),
      published,
      category: [{ name: verdict, term: r.verdict }],
      author: [{ name: r.clinic_name, link: `${origin}/k/${r.clinic_slug}` }],
    });
  }
  return format === "rss" ? feed.rss2() : format === "atom" ? feed.atom1() : feed.json1();
}

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESC[ch] ?? ch);

/**
 * A clarification's plain text as the HTML feed readers expect in content and description:
 * escaped (readers render it as HTML, so a `<script>` in the text must stay text),
 * paragraphs on blank lines, line breaks kept.
 */
function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, "<br>")}</p>`)
    .join("");
}
