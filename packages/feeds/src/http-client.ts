import type { IncomingHttpHeaders } from "node:http";
import http from "node:http";
import https from "node:https";
import { readBody } from "./body-reader.ts";
import { fail } from "./errors.ts";
import { parseFeedUrl } from "./feed-url.ts";
import { acquireHostSlot, DEFAULT_SLICE_MS } from "./host-limit.ts";
import { header, parseRetryAfter, safeHeaderValue } from "./http-headers.ts";
import { BlockedAddressError, isBlockedAddress, isIpLiteral, safeLookup } from "./ssrf.ts";
import type { ConditionalState, FetchError, FetchOptions } from "./types.ts";

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 15 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_USER_AGENT = "KlinikHoaks-FeedReader/0.1 (+https://github.com/klinik-hoaks)";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A successful (2xx) or not-modified (304) response with its decompressed body. */
export interface HttpResponse {
  kind: "response";
  status: number;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Hop =
  | { kind: "redirect"; status: number; location: string | null }
  | { kind: "done"; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | FetchError;

/** Why the shared controller fired; the reason decides the error we report. */
class StopReason {
  constructor(readonly error: FetchError) {}
}

interface HopLimits {
  maxBytes: number;
  idleTimeoutMs: number;
  sliceMs: number;
  signal: AbortSignal;
  /** Skip the address check on this hop (allowPrivate, or an allowlisted URL). */
  allowPrivate: boolean;
}

/**
 * GET `rawUrl` with our safety rules: http/https only, no credentials in the
 * URL, SSRF check on every hop and at connect time (skipped only with
 * `allowPrivate` or on a hop whose URL is listed in `allowPrivateUrls`),
 * manual capped redirects, total + idle timeouts, size cap before and after
 * decompression, per-host concurrency limit (time-sliced: see acquireHostSlot).
 * Expected failures come back as `FetchError` values.
 */
export async function httpGet(
  rawUrl: string,
  state: ConditionalState,
  opts: FetchOptions,
  accept: string,
): Promise<HttpResponse | FetchError> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const ctrl = new AbortController();
  const timer = setTimeout(
    () =>
      ctrl.abort(
        new StopReason(fail("timeout", `The server did not deliver the feed within ${timeoutMs / 1000} seconds.`)),
      ),
    timeoutMs,
  );
  const onOuterAbort = () => ctrl.abort(new StopReason(fail("aborted", "The fetch was cancelled.")));
  if (opts.signal?.aborted) onOuterAbort();
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });

  const headers: Record<string, string> = {
    "user-agent": opts.userAgent ?? DEFAULT_USER_AGENT,
    accept,
    "accept-encoding": "gzip, deflate, br",
  };
  const etag = safeHeaderValue(state.etag);
  const lastModified = safeHeaderValue(state.lastModified);
  if (etag) headers["if-none-match"] = etag;
  if (lastModified) headers["if-modified-since"] = lastModified;

  const limits: Omit<HopLimits, "allowPrivate"> = {
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
    idleTimeoutMs: Math.min(opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, timeoutMs),
    sliceMs: opts.hostSliceMs ?? DEFAULT_SLICE_MS,
    signal: ctrl.signal,
  };
  const privateUrls = exactUrls(opts.allowPrivateUrls);

  try {
    let url = parseFeedUrl(rawUrl);
    if (!(url instanceof URL)) return url;
    const seen = new Set<string>();
    for (let redirects = 0; ; redirects++) {
      // Decided per hop: an allowlisted URL that redirects elsewhere loses its exemption.
      const allowPrivate = opts.allowPrivate || privateUrls.has(url.href);
      const refused = checkTarget(url, allowPrivate);
      if (refused) return refused;
      seen.add(url.href);
      const hop = await requestOnce(url, headers, { ...limits, allowPrivate });
      if (hop.kind === "error") return hop;
      if (hop.kind === "done") return finishResponse(url, hop);
      if (!hop.location)
        return fail(
          "bad_redirect",
          `The server answered ${hop.status} (redirect) without saying where to.`,
          hop.status,
        );
      const next = parseFeedUrl(hop.location, url);
      if (!(next instanceof URL))
        return fail(
          "bad_redirect",
          next.code === "credentials_in_url"
            ? "The server redirected to an address with a user name or password; it was not followed."
            : `The server redirected to an invalid address: ${hop.location.slice(0, 200)}`,
          hop.status,
        );
      if (seen.has(next.href))
        return fail("redirect_loop", `The server redirects in a loop (back to ${next.href}).`, hop.status);
      if (redirects >= maxRedirects)
        return fail("too_many_redirects", `The server redirected more than ${maxRedirects} times.`, hop.status);
      url = next;
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onOuterAbort);
  }
}

/** The allowlist in the form hops are compared in (parsed, no fragment); unparseable entries match nothing. */
function exactUrls(urls: readonly string[] = []): Set<string> {
  const set = new Set<string>();
  for (const raw of urls) {
    const url = parseFeedUrl(raw);
    if (url instanceof URL) set.add(url.href);
  }
  return set;
}

/** Literal IPs never go through `lookup`, so they are checked here, before any socket exists. */
function checkTarget(url: URL, allowPrivate: boolean): FetchError | null {
  if (allowPrivate || !isIpLiteral(url.hostname)) return null;
  if (!isBlockedAddress(url.hostname)) return null;
  return blockedError(url.hostname, url.hostname);
}

export function blockedError(hostname: string, address: string): FetchError {
  return fail(
    "blocked_address",
    `Refused to fetch ${hostname}: it points to a private, local or reserved network address (${address}). ` +
      "Feeds must be on the public internet.",
  );
}

function finishResponse(url: URL, hop: Extract<Hop, { kind: "done" }>): HttpResponse | FetchError {
  const { status } = hop;
  if ((status >= 200 && status < 300) || status === 304) {
    return { kind: "response", status, url: url.href, headers: hop.headers, body: hop.body };
  }
  const retryAfterSec = parseRetryAfter(header(hop.headers, "retry-after"));
  if (status === 429) {
    const message = "The server says we are asking too often (429 Too Many Requests).";
    return { ...fail("rate_limited", message, status), retryAfterSec };
  }
  if (status === 503) {
    return { ...fail("unavailable", "The server is temporarily unavailable (503).", status), retryAfterSec };
  }
  return fail("http_error", describeStatus(status), status);
}

function describeStatus(status: number): string {
  const name = http.STATUS_CODES[status] ?? "unknown status";
  if (status === 401 || status === 403) return `The server refused access to the feed (${status} ${name}).`;
  if (status === 404) return "The feed was not found at this address (404 Not Found).";
  if (status === 410) return "The feed has been removed permanently (410 Gone).";
  if (status >= 500) return `The server had an error (${status} ${name}).`;
  return `The server answered ${status} ${name} instead of the feed.`;
}

function requestOnce(url: URL, headers: Record<string, string>, limits: HopLimits): Promise<Hop> {
  // The host's slots are time-sliced: a request past its slice while the lane for slow ones
  // is taken and other feeds of the host wait is ended here (see acquireHostSlot).
  const hop = new AbortController();
  const evict = () =>
    hop.abort(
      new StopReason(
        fail(
          "slow_host",
          `The server ${url.hostname} was too slow (over ${limits.sliceMs / 1000} s) while other feeds on it waited; ` +
            "the feed is tried again later.",
        ),
      ),
    );
  const signal = AbortSignal.any([limits.signal, hop.signal]);
  return acquireHostSlot(url.host, limits.signal, evict, limits.sliceMs).then(
    (release) => runRequest(url, headers, { ...limits, signal }).finally(release),
    () => stopError(limits.signal),
  );
}

function stopError(signal: AbortSignal): FetchError {
  const reason: unknown = signal.reason;
  return reason instanceof StopReason ? reason.error : fail("aborted", "The fetch was cancelled.");
}

function runRequest(url: URL, headers: Record<string, string>, limits: HopLimits): Promise<Hop> {
  return new Promise<Hop>((resolve) => {
    if (limits.signal.aborted) return resolve(stopError(limits.signal));
    const mod = url.protocol === "https:" ? https : http;
    let idle: NodeJS.Timeout | undefined;
    let settled = false;
    let req: http.ClientRequest;

    const finish = (hop: Hop) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      limits.signal.removeEventListener("abort", onAbort);
      if (hop.kind !== "done") req.destroy();
      resolve(hop);
    };
    const onAbort = () => finish(stopError(limits.signal));
    let lastDataAt = Date.now();
    // Timers run before pending I/O after the event loop was held up (parsing another large
    // feed): data that arrived meanwhile is read first (setImmediate), so a busy process does
    // not take it for a silent server.
    const onIdle = () =>
      setImmediate(() => {
        if (settled) return;
        const silentMs = Date.now() - lastDataAt;
        if (silentMs < limits.idleTimeoutMs) idle = setTimeout(onIdle, limits.idleTimeoutMs - silentMs);
        else finish(fail("timeout", `The server stopped sending data for ${limits.idleTimeoutMs / 1000} seconds.`));
      });
    const touch = () => {
      lastDataAt = Date.now();
      clearTimeout(idle);
      idle = setTimeout(onIdle, limits.idleTimeoutMs);
    };

    try {
      req = mod.request(url, {
        method: "GET",
        headers,
        agent: false,
        lookup: limits.allowPrivate ? undefined : safeLookup,
      });
    } catch (err) {
      return resolve(fail("invalid_url", `The request could not be built: ${(err as Error).message}`));
    }
    limits.signal.addEventListener("abort", onAbort, { once: true });
    touch();
    req.on("error", (err) => finish(networkError(err as NodeJS.ErrnoException, url)));
    req.on("response", (res) => {
      touch();
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        return finish({ kind: "redirect", status, location: header(res.headers, "location") });
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return finish({ kind: "done", status, headers: res.headers, body: Buffer.alloc(0) });
      }
      readBody(res, limits.maxBytes, touch).then((body) => {
        if (Buffer.isBuffer(body)) finish({ kind: "done", status, headers: res.headers, body });
        else finish(body);
      });
    });
    req.end();
  });
}

export function networkError(err: NodeJS.ErrnoException, url: URL): FetchError {
  if (err instanceof BlockedAddressError) return blockedError(err.hostname, err.address);
  const code = err.code ?? "";
  const host = url.hostname;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA") {
    return fail("dns_error", `The server name ${host} could not be found (DNS lookup failed).`);
  }
  if (code === "ECONNREFUSED") return fail("connect_error", `The server ${host} refused the connection.`);
  if (code === "ECONNRESET" || code === "EPIPE") return fail("connect_error", `The connection to ${host} was reset.`);
  if (code === "ETIMEDOUT" || code === "ENETUNREACH" || code === "EHOSTUNREACH") {
    return fail("connect_error", `The server ${host} could not be reached.`);
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    return fail("tls_error", `The secure (HTTPS) connection to ${host} failed: ${err.message}`);
  }
  if (code.startsWith("HPE_")) return fail("http_error", `The server ${host} sent a malformed HTTP response.`);
  return fail("connect_error", `Could not fetch from ${host}: ${err.message}`);
}

export { isBlockedAddress };
