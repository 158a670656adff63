/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { safeHttpUrl, showBidi } from "./format.ts";

// http(s) URLs in running text, up to whitespace or a closing bracket/quote; trailing punctuation is left out.
const URL_IN_TEXT = /https?:\/\/[^\s<>"'()[\]{}]+[^\s<>"'()[\]{}.,;:!?]/g;

/** Where a link goes, as a reader can judge it: host and a short path. */
export function linkLabel(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname === "/" ? "" : u.pathname;
    const text = `${u.host}${path}`;
    return text.length > 60 ? `${text.slice(0, 59)}…` : text;
  } catch {
    return url.slice(0, 60);
  }
}

/** An outside link from a public page: http(s) only, never passing on the reader or the page's rank. */
export function SafeLink(props: { url: string | null | undefined; label?: string }) {
  const href = safeHttpUrl(props.url);
  if (!href) return props.url ? <bdi>{showBidi(props.url)}</bdi> : null;
  return (
    <a href={href} rel="noopener noreferrer nofollow" class="ext">
      {props.label ?? linkLabel(href)}
    </a>
  );
}

/**
 * Text from the outside world with its http(s) URLs made into safe links; the rest
 * is escaped text (JSX), direction controls made visible.
 */
export function LinkedText(props: { text: string; class?: string }) {
  const text = showBidi(props.text);
  const parts: (string | { url: string })[] = [];
  let at = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const i = m.index ?? 0;
    if (i > at) parts.push(text.slice(at, i));
    parts.push({ url: m[0] });
    at = i + m[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return (
    <div class={`usertext ${props.class ?? ""}`} dir="auto">
      {parts.map((p) => (typeof p === "string" ? p : <SafeLink url={p.url} label={p.url} />))}
    </div>
  );
}
