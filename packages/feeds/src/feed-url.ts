import { fail } from "./errors.ts";
import type { FetchError } from "./types.ts";

/** `new URL(raw, base)`, or `invalid_url` saying what kind of address (web, Mastodon, …) was expected. */
export function parseUrl(raw: string, kind: string, base?: URL): URL | FetchError {
  try {
    return new URL(raw, base);
  } catch {
    return fail("invalid_url", `This is not a valid ${kind} address: ${raw.slice(0, 200)}`);
  }
}

/**
 * Parses a feed address and applies the rules every fetched URL must meet:
 * http/https only and no user name or password (Node would send them as Basic
 * auth to whatever the address points to). The fragment is dropped.
 */
export function parseFeedUrl(raw: string, base?: URL): URL | FetchError {
  const url = parseUrl(raw, "web", base);
  if (!(url instanceof URL)) return url;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return fail(
      "unsupported_scheme",
      `Only http and https addresses can be fetched, not ${url.protocol.replace(":", "")}.`,
    );
  }
  if (url.username || url.password) {
    return fail(
      "credentials_in_url",
      "The address contains a user name or password (user:password@…); feeds must be public and are never fetched with credentials.",
    );
  }
  url.hash = "";
  return url;
}

/**
 * What is wrong with `url` as a feed source, in plain words, or undefined when
 * the fetcher would try it. Pure: it neither resolves nor connects, so a
 * private or unreachable host is reported later, by the fetch itself.
 */
export function feedUrlProblem(url: string): string | undefined {
  const parsed = parseFeedUrl(url);
  return parsed instanceof URL ? undefined : parsed.message;
}
