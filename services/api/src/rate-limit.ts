import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * Fixed-window counter per key (per process): enough to keep one client from
 * flooding the public endpoints. `limit` 0 turns it off.
 */
export class RateLimiter {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds to wait, or 0 when the request may pass (and is counted). */
  hit(key: string, now = Date.now()): number {
    if (this.limit <= 0) return 0;
    const w = Math.floor(now / this.windowMs);
    if (w !== this.window) {
      this.window = w;
      this.counts = new Map();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n > this.limit ? Math.ceil(((w + 1) * this.windowMs - now) / 1000) : 0;
  }
}

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
