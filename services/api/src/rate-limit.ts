import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

export { type RateLimiter, RedisRateLimiter, type RedisRateLimiterOptions } from "./security/rate-limiter.ts";

/**
 * The client's address: the socket's, or behind `proxyHops` trusted proxies the
 * X-Forwarded-For entry that many hops from the right (entries further left are
 * chosen by the client and prove nothing).
 */
export function clientAddress(c: Context, proxyHops: number): string {
  if (proxyHops > 0) {
    const hops = (c.req.header("x-forwarded-for") ?? "").split(",").map((h) => h.trim());
    const fwd = hops.length >= proxyHops ? hops[hops.length - proxyHops] : undefined;
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // not served by node-server (e.g. app.request in tests)
  }
}
