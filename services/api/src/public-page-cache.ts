import { createHash } from "node:crypto";
import type { Logger } from "@klinik/config";
import type { Redis } from "ioredis";

/** A rendered public page and its validator. */
export interface CachedPage {
  html: string;
  etag: string;
  status: number;
  /**
   * The headers the whole middleware stack gave this page the first time it was
   * served (security headers, CSP, Cache-Control, ETag), without what belongs to
   * one request (X-Request-Id, Set-Cookie, Content-Length). Set once by the fast
   * path (public-page-fast-path.ts), which then answers hits with them alone.
   */
  headers?: Record<string, string>;
}

/** How another API process hears that a clarification's pages changed. */
export interface PageChangeBus {
  /** Tells every other process; a lost message is bounded by the cache's time to live. */
  publish(id: string): void;
  /** Starts listening (once); `drop` is called with each id another process changed. */
  listen(drop: (id: string) => void): void;
  close(): Promise<void>;
}

/**
 * Rendered public pages of published clarifications, kept in this process: a
 * viral hoax sends everyone to one page (`pnpm bench public`). A change made in
 * this process drops the page at once (`invalidate`) and tells the other API
 * processes through the bus (Redis pub/sub, milliseconds); a message lost while
 * Redis reconnects is bounded by `ttlMs`. The ETag is a hash of the page
 * itself, so any change to what is shown changes it.
 */
export class PublicPageCache {
  private readonly pages = new Map<string, CachedPage & { id: string; until: number }>();
  /** Counts invalidations: a page rendered across one may show the old state, and is not kept. */
  private changes = 0;

  constructor(
    private readonly ttlMs = 10_000,
    private readonly bus?: PageChangeBus,
    private readonly max = 2_000,
  ) {}

  get(key: string): CachedPage | undefined {
    const hit = this.pages.get(key);
    if (!hit) return undefined;
    if (hit.until > Date.now()) return hit;
    this.pages.delete(key);
    return undefined;
  }

  /** Taken before reading what a page shows; `put` refuses the page if a change came in between. */
  version(): number {
    return this.changes;
  }

  /**
   * Stores a page rendered for clarification `id` under `key` (`publicPageKey`) unless
   * one of the clarifications changed since `since` (`version()` before the reads).
   */
  put(key: string, id: string, html: string, since: number, status = 200): CachedPage {
    const page = { html, status, etag: etagOf(html) };
    if (since !== this.changes) return page;
    // The first page kept is when this process starts hearing about other processes' changes.
    this.bus?.listen((changed) => this.drop(changed));
    if (this.pages.size >= this.max) this.pages.clear();
    this.pages.set(key, { ...page, id, until: Date.now() + this.ttlMs });
    return page;
  }

  /** Completes a kept page with the headers the full stack answered it with (see CachedPage.headers). */
  complete(key: string, etag: string, headers: Record<string, string>): void {
    const page = this.pages.get(key);
    if (page && page.etag === etag && !page.headers) page.headers = headers;
  }

  /** Drops every page of a clarification (after an edit, correction, withdrawal or verdict change), in every process. */
  invalidate(id: string): void {
    this.drop(id);
    this.bus?.publish(id);
  }

  /** Drops a clarification's pages in this process only. */
  drop(id: string): void {
    this.changes++;
    for (const [key, page] of this.pages) if (page.id === id) this.pages.delete(key);
  }

  close(): Promise<void> {
    return this.bus?.close() ?? Promise.resolve();
  }
}

/**
 * Page changes over Redis pub/sub, on the channel `<prefix>:public-pages`. The
 * subscription is a connection of its own, opened with the first page kept.
 */
export function redisPageChangeBus(redis: Redis, prefix: string, logger: Logger): PageChangeBus {
  const channel = `${prefix}:public-pages`;
  let sub: Redis | undefined;
  return {
    publish(id) {
      redis.publish(channel, id).catch((err: Error) => {
        logger.warn({ err: err.message }, "public page change not announced; other processes keep it until it expires");
      });
    },
    listen(drop) {
      if (sub) return;
      // A subscribed connection can do nothing else; it waits for Redis rather than failing fast.
      const s = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      sub = s;
      s.on("error", (err: Error) => logger.warn({ err: err.message }, "public page change subscription"));
      s.on("message", (_channel: string, id: string) => drop(id));
      s.subscribe(channel).catch((err: Error) => logger.warn({ err: err.message }, "public page change subscription"));
    },
    async close() {
      const s = sub;
      sub = undefined;
      if (s) await s.quit().catch(() => s.disconnect());
    },
  };
}

export function etagOf(body: string): string {
  return `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
}

/** True when the request's If-None-Match names `etag` (a list, weak or `*`). */
export function notModified(ifNoneMatch: string | undefined | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag || t === "*");
}
