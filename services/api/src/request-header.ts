import type { IncomingHttpHeaders } from "node:http";
import type { Context } from "hono";
import { nodeIncoming } from "./body.ts";

/**
 * A request header read from Node's own header object when served by
 * @hono/node-server: `c.req.header()` first builds a WHATWG Headers copy of every
 * header, which the public page's fast path (public-page-fast-path.ts) does not pay.
 */
export function requestHeader(c: Context, name: Lowercase<string>): string | undefined {
  const headers = nodeIncoming(c)?.headers;
  if (!headers) return c.req.header(name);
  return nodeHeader(headers, name);
}

/** A header of Node's header object, repeated values joined as WHATWG Headers joins them. */
export function nodeHeader(headers: IncomingHttpHeaders, name: Lowercase<string>): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}
