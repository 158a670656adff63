import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { MiddlewareHandler } from "hono";
import { type AccessLine, honoRequest, requestIdFrom } from "./access-log.ts";
import type { Env } from "./context.ts";
import type { AppMetrics } from "./metrics.ts";
import { type CachedPage, notModified, type PublicPageCache } from "./public-page-cache.ts";
import { addressOf } from "./rate-limit.ts";
import { nodeHeader, requestHeader } from "./request-header.ts";
import { publicPageKey, publicPageKeyFrom } from "./ui/public-ctx.ts";

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
 *
 * `early` answers the same hits before @hono/node-server and Hono see the request
 * (server.ts `serveHttp`): their Request/Response shims, the router and the context
 * were half the remaining cost of a hit (`node --cpu-prof`, issue 13 item 8). It
 * answers only a plain request (GET, no body, a host and target URL leaves as they
 * are, no query but `lang`) whose page is kept with its headers, under the key the
 * middleware uses (`publicPageKeyFrom`, one function with `publicPageKey`); anything
 * else goes to Hono unchanged, which also stores the pages.
 */
export function publicPageFastPath(opts: {
  cache: PublicPageCache;
  publicBaseUrl: string | undefined;
  access: AccessLine | undefined;
  trustProxy: number;
  metrics: Pick<AppMetrics, "record">;
}): { middleware: MiddlewareHandler<Env>; early: EarlyAnswer } {
  const { cache, publicBaseUrl, access, trustProxy, metrics } = opts;
  const middleware: MiddlewareHandler<Env> = async (c, next) => {
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
    const hit = answer(page, page.headers, requestHeader(c, "x-request-id"), requestHeader(c, "if-none-match"));
    const res = new Response(hit.body, { status: hit.status, headers: hit.headers });
    access?.(honoRequest(c, trustProxy), hit.id, ROUTE, hit.status, start);
    metrics.record("GET", ROUTE, hit.status, (performance.now() - start) / 1000);
    return res;
  };
  const early: EarlyAnswer = (req, res) => {
    const h = req.headers;
    const m = req.method === "GET" ? EARLY_TARGET.exec(req.url ?? "") : null;
    const host = h.host;
    if (!m || !host || !plainHost(host) || h["content-length"] || h["transfer-encoding"]) return false;
    const key = publicPageKeyFrom(publicBaseUrl, {
      scheme: (req.socket as TLSSocket).encrypted ? "https" : "http",
      host,
      forwardedProto: nodeHeader(h, "x-forwarded-proto"),
      path: m[1] ?? "",
      lang: m[2],
    });
    const page = cache.get(key);
    if (!page?.headers) return false;
    const start = performance.now();
    const id = requestIdFrom(nodeHeader(h, "x-request-id"));
    const status = statusOf(page, nodeHeader(h, "if-none-match"));
    const wire = wireOf(page, page.headers);
    const headers = status === 304 ? wire.notModified : wire.ok;
    headers[wire.idAt] = id;
    // writeHead turns the list into the header block at once, so the list is free again when it returns.
    res.writeHead(status, headers);
    res.end(status === 304 ? undefined : wire.body);
    access?.(
      { method: "GET", addr: addressOf(nodeHeader(h, "x-forwarded-for"), trustProxy, () => req.socket.remoteAddress) },
      id,
      ROUTE,
      status,
      start,
    );
    metrics.record("GET", ROUTE, status, (performance.now() - start) / 1000);
    return true;
  };
  return { middleware, early };
}

/** Answers a request before @hono/node-server when it can (true), or leaves it untouched (false). */
export type EarlyAnswer = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A kept page's answer to one request: its own request id, 304 when the reader has it. */
function answer(
  page: CachedPage,
  headers: Record<string, string>,
  requestId: string | undefined,
  ifNoneMatch: string | undefined,
): { id: string; status: 200 | 304; headers: Record<string, string>; body: string | null } {
  const id = requestIdFrom(requestId);
  const status = statusOf(page, ifNoneMatch);
  return { id, status, headers: { ...headers, "x-request-id": id }, body: status === 304 ? null : page.html };
}

/** 304 when the reader already has the page (If-None-Match names its ETag). */
const statusOf = (page: CachedPage, ifNoneMatch: string | undefined): 200 | 304 =>
  notModified(ifNoneMatch, page.etag) ? 304 : 200;

/**
 * A kept page as `early` writes it, made once per page: the body encoded to bytes,
 * and the header lists `answer` gives (the page's headers, then X-Request-Id at
 * `idAt`, then the Content-Length node-server adds to a 200), flat as writeHead takes
 * them. Encoding the page for every hit was a fifth of a hit's CPU (`node --cpu-prof`
 * under `pnpm bench public`: the HTML, with its non-Latin-1 characters, was UTF-8
 * encoded and the header block joined to it in a new string each time).
 */
interface Wire {
  body: Buffer;
  ok: string[];
  notModified: string[];
  idAt: number;
}
const wires = new WeakMap<CachedPage, Wire>();

function wireOf(page: CachedPage, headers: Record<string, string>): Wire {
  let wire = wires.get(page);
  if (!wire) {
    const body = Buffer.from(page.html);
    const kept = Object.entries(headers).flat();
    wire = {
      body,
      ok: [...kept, "x-request-id", "", "Content-Length", String(body.length)],
      notModified: [...kept, "x-request-id", ""],
      idAt: kept.length + 1,
    };
    wires.set(page, wire);
  }
  return wire;
}

/** The page's path, and at most a `lang` query the middleware reads as the same value. */
const EARLY_TARGET = /^(\/k\/[a-z0-9-]{1,64}\/klarifikasi\/[A-Za-z0-9-]{1,64})(?:\?lang=([a-z]{1,8}))?$/;
/**
 * A Host header node-server's `new URL()` leaves exactly as it is, so the key is the
 * middleware's: lower-case names whose last label starts with a letter (no IPv4
 * parsing: `127.1`, `0x7f.1`), or a dotted quad in canonical form; no IDNA (`xn--`);
 * a port without leading zeros that is not http's default (which URL drops).
 */
const HOST =
  /^(?:(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*|(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))(?::([1-9]\d{0,4}))?$/;

function plainHost(host: string): boolean {
  const m = HOST.exec(host);
  if (!m || host.includes("xn--")) return false;
  const port = m[1] === undefined ? undefined : Number(m[1]);
  return port === undefined || (port !== 80 && port <= 65535);
}

function replayable(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!PER_REQUEST.has(name)) kept[name] = value;
  });
  return kept;
}
