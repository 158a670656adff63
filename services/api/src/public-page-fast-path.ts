import type { MiddlewareHandler } from "hono";
import { type AccessLine, requestIdOf } from "./access-log.ts";
import type { Env } from "./context.ts";
import type { AppMetrics } from "./metrics.ts";
import { notModified, type PublicPageCache } from "./public-page-cache.ts";
import { requestHeader } from "./request-header.ts";
import { publicPageKey } from "./ui/public-ctx.ts";

/** The public clarification page's route, as the access log and the metrics name it. */
const ROUTE = "/k/:slug/klarifikasi/:id";
const PAGE_PATH = /^\/k\/[a-z0-9-]{1,64}\/klarifikasi\/[A-Za-z0-9-]{1,64}$/;
/** What belongs to one response, not to the page: never replayed from the cache. */
const PER_REQUEST = new Set(["x-request-id", "set-cookie", "content-length"]);

/**
 * Answers a cached public clarification page before the app's middleware: a viral
 * hoax sends everyone to one page (`pnpm bench public`).
 *
 * Under load the page itself cost nothing (rendered once per TTL); the time went to
 * the stack in front of it (`node --cpu-prof` of the API under `pnpm bench public`):
 * every middleware that sets a header after the handler (request id, secure headers,
 * the UI's and the public site's headers) made hono copy the finished response, and
 * the copy is sent through a web ReadableStream instead of one write (~30% of the
 * process's CPU together, with the route table, the access log's and the metrics'
 * bookkeeping and the per-request Headers objects making most of the rest).
 *
 * A page is answered here only after the whole stack has answered it once: its
 * headers (security headers, CSP, Cache-Control, ETag) are then kept with it and
 * replayed, so both paths answer the same headers, set in one place. The cache key
 * is what the page depends on (`publicPageKey`: origin, path, language), so cookies
 * and sessions do not vary it; a page is kept only when its clarification's clinic
 * and status allowed it (the route handler decides). A hit still writes the access
 * line and the request metrics, and costs no database or Redis round trip.
 */
export function publicPageFastPath(opts: {
  cache: PublicPageCache;
  publicBaseUrl: string | undefined;
  access: AccessLine | undefined;
  metrics: Pick<AppMetrics, "record">;
}): MiddlewareHandler<Env> {
  const { cache, publicBaseUrl, access, metrics } = opts;
  return async (c, next) => {
    if (c.req.method !== "GET" || !PAGE_PATH.test(c.req.path)) return next();
    const key = publicPageKey(c, publicBaseUrl);
    const page = cache.get(key);
    if (!page?.headers) {
      await next();
      const etag = c.res.headers.get("etag");
      if (c.res.status === 200 && etag) cache.complete(key, etag, replayable(c.res.headers));
      return;
    }
    const start = performance.now();
    const id = requestIdOf(c);
    const status = notModified(requestHeader(c, "if-none-match"), page.etag) ? 304 : 200;
    const headers = { ...page.headers, "x-request-id": id };
    const res = new Response(status === 304 ? null : page.html, { status, headers });
    access?.(c, id, ROUTE, status, start);
    metrics.record("GET", ROUTE, status, (performance.now() - start) / 1000);
    return res;
  };
}

function replayable(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!PER_REQUEST.has(name)) kept[name] = value;
  });
  return kept;
}
