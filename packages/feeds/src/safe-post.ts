import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { fail } from "./errors.ts";
import { parseFeedUrl } from "./feed-url.ts";
import { blockedError, networkError } from "./http-client.ts";
import { isBlockedAddress, isIpLiteral, safeLookup } from "./ssrf.ts";
import type { FetchError } from "./types.ts";

/** Longest a partner's receiver may take to answer one delivery. */
export const POST_TIMEOUT_MS = 10_000;

export interface PostOptions {
  /** Skip the address check (an operator's explicit opt-in, as for feeds). */
  allowPrivate: boolean;
  /** Exact URLs exempt from the address check (tests' loopback receivers). */
  allowPrivateUrls?: readonly string[];
  timeoutMs?: number;
}

/**
 * POSTs a JSON body under the same rules as the feed client (http/https only, no
 * credentials in the URL, the SSRF check on literal addresses and at connect time
 * unless the URL is allow-listed) and more strictly: no redirect is followed (a 3xx
 * is an answer, not a new target), one total timeout, and the response body is
 * drained and dropped. Expected failures come back as values.
 */
export function postJson(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: PostOptions,
): Promise<{ kind: "response"; status: number } | FetchError> {
  const url = parseFeedUrl(rawUrl);
  if (!(url instanceof URL)) return Promise.resolve(url);
  const allowed =
    opts.allowPrivate || (opts.allowPrivateUrls ?? []).some((u) => parseFeedUrl(u).toString() === url.href);
  if (!allowed && isIpLiteral(url.hostname) && isBlockedAddress(url.hostname))
    return Promise.resolve(blockedError(url.hostname, url.hostname));
  const timeoutMs = opts.timeoutMs ?? POST_TIMEOUT_MS;
  return new Promise((resolve) => {
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
      agent: false,
      lookup: allowed ? undefined : safeLookup,
      timeout: timeoutMs,
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve(fail("timeout", `The receiver did not answer within ${timeoutMs / 1000} seconds.`));
    }, timeoutMs);
    req.on("error", (err) => {
      clearTimeout(timer);
      resolve(networkError(err as NodeJS.ErrnoException, url));
    });
    req.on("response", (res) => {
      clearTimeout(timer);
      res.resume();
      resolve({ kind: "response", status: res.statusCode ?? 0 });
    });
    req.end(body);
  });
}

/**
 * The signature header of a partner webhook delivery: `t=<unix seconds>,v1=<hex>` where
 * v1 is HMAC-SHA256(secret, `${t}.${body}`). The time inside the signed text lets a
 * receiver refuse replays of an old delivery.
 */
export function signWebhook(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

/** What a receiver does: true when `header` signs `body` with `secret` within `toleranceSec` of now. */
export function verifyWebhook(secret: string, body: string, header: string, toleranceSec = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSec) return false;
  const want = Buffer.from(signWebhook(secret, body, t).split("v1=")[1] ?? "", "hex");
  const got = Buffer.from(String(parts.v1 ?? ""), "hex");
  return got.length === want.length && timingSafeEqual(got, want);
}
