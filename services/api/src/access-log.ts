import { randomUUID } from "node:crypto";
import type { Logger } from "@klinik/config";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Env } from "./context.ts";
import { clientAddress } from "./rate-limit.ts";
import { requestHeader } from "./request-header.ts";

/**
 * The registered pattern of the route that answered (`/api/v1/items/:id`,
 * `/undangan/:token`), never the raw path: no clinic id, link token or query
 * string reaches a log line or a metric label, and the number of distinct
 * values stays the number of routes. Read after the handler ran.
 */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  const r = routes[c.req.routeIndex];
  // Only middleware matched ("*", "/api/*"): nothing answered but the not-found handler.
  if (!r || r.path === "*" || r.path.endsWith("/*")) return c.res.status === 404 ? "(unmatched)" : (r?.path ?? "");
  return r.path;
}

/** A proxy's request id is kept when it looks like one; otherwise a new one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export type AccessLogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** The request's id: a proxy's X-Request-Id when it looks like one, otherwise a new one. */
export function requestIdOf(c: Context): string {
  return requestIdFrom(requestHeader(c, "x-request-id"));
}

/** `requestIdOf` on the X-Request-Id header's value. */
export function requestIdFrom(given: string | undefined): string {
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Writes the access line of one answered request; undefined when the level is `silent`.
 * `addr` is the client address (`clientAddress`/`addressOf`, TRUST_PROXY's rule).
 */
export type AccessLine = (
  req: { method: string; addr: string },
  id: string,
  route: string,
  status: number,
  start: number,
) => void;

export function accessLine(logger: Logger, level: AccessLogLevel): AccessLine | undefined {
  if (level === "silent") return undefined;
  return (req, id, route, status, start) =>
    logger[level](
      {
        req: id,
        method: req.method,
        route,
        status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        addr: req.addr,
      },
      "http",
    );
}

/** The access line's view of a request served through Hono. */
export const honoRequest = (c: Context, trustProxy: number) => ({
  method: c.req.method,
  addr: clientAddress(c, trustProxy),
});

/**
 * One line per request: method, route pattern, status, duration, client address
 * (TRUST_PROXY decides which X-Forwarded-For entry counts) and request id, also
 * answered as X-Request-Id. Headers, cookies, query strings and bodies are never
 * logged. The level is ACCESS_LOG_LEVEL (`silent`: no lines).
 */
export function accessLog(line: AccessLine | undefined, trustProxy: number): MiddlewareHandler<Env> {
  return async (c, next) => {
    const start = performance.now();
    const id = requestIdOf(c);
    try {
      await next();
    } finally {
      // On the response as it is (secureHeaders sets its headers the same way): `c.header()` after
      // the handler copies the finished response, and node-server then sends the copy through a
      // web ReadableStream instead of one write — 9% of the API's CPU under `pnpm bench search`'s
      // unthrottled load (`node --cpu-prof`), with the Headers and stream objects it made.
      c.res.headers.set("X-Request-Id", id);
      line?.(honoRequest(c, trustProxy), id, routeOf(c), c.res.status, start);
    }
  };
}
