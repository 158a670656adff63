import { createHash } from "node:crypto";

/** A rendered public page and its validator. */
export interface CachedPage {
  html: string;
  etag: string;
  status: number;
}

/**
 * Rendered public pages of published clarifications, kept briefly in this
 * process: a viral hoax sends everyone to one page (`pnpm bench public`).
 * A change made through this process drops the page at once (`invalidate`);
 * other API processes render it afresh within `ttlMs`. The ETag is a hash of
 * the page itself, so any change to what is shown changes it.
 */
export class PublicPageCache {
  private readonly pages = new Map<string, CachedPage & { id: string; until: number }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly max = 2_000,
  ) {}

  get(key: string): CachedPage | undefined {
    const hit = this.pages.get(key);
    if (!hit) return undefined;
    if (hit.until > Date.now()) return hit;
    this.pages.delete(key);
    return undefined;
  }

  /** Stores a page rendered for clarification `id` under `key` (e.g. its path and language). */
  put(key: string, id: string, html: string, status = 200): CachedPage {
    const page = { html, status, etag: etagOf(html) };
    if (this.pages.size >= this.max) this.pages.clear();
    this.pages.set(key, { ...page, id, until: Date.now() + this.ttlMs });
    return page;
  }

  /** Drops every page of a clarification (after an edit, correction, withdrawal or verdict change). */
  invalidate(id: string): void {
    for (const [key, page] of this.pages) if (page.id === id) this.pages.delete(key);
  }
}

export function etagOf(body: string): string {
  return `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
}

/** True when the request's If-None-Match names `etag` (a list, weak or `*`). */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag || t === "*");
}
