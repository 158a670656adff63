import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

export { type RateLimiter, RedisRateLimiter, type RedisRateLimiterOptions } from "./security/rate-limiter.ts";

/**
 * The client's address: the socket's, or behind `proxyHops` trusted proxies the
 * X-Forwarded-For entry that many hops from the right (entries further left are
 * chosen by the client and prove nothing).
 */
export function clientAddress(c: Context, proxyHops: number): string {
  return addressOf(proxyHops > 0 ? c.req.header("x-forwarded-for") : undefined, proxyHops, () => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      return undefined; // not served by node-server (e.g. app.request in tests)
    }
  });
}

/** `clientAddress`'s rule on the parts of a request: its X-Forwarded-For header and its socket's address. */
export function addressOf(
  forwardedFor: string | undefined,
  proxyHops: number,
  socketAddress: () => string | undefined,
): string {
  if (proxyHops > 0) {
    const hops = (forwardedFor ?? "").split(",").map((h) => h.trim());
    const fwd = hops.length >= proxyHops ? hops[hops.length - proxyHops] : undefined;
    if (fwd) return fwd;
  }
  return socketAddress() ?? "unknown";
}
