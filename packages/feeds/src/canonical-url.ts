const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "msclkid",
  "yclid",
  "twclid",
  "igshid",
  "igsh",
  "mc_cid",
  "mc_eid",
  "ref_src",
  "ref_url",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "wickedid",
  "si",
  "s_cid",
  "spm",
]);

function isTracking(name: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith("utm_") || TRACKING_PARAMS.has(key);
}

/**
 * Canonical form of a URL for de-duplication: lower-case scheme and host,
 * default port and fragment dropped, tracking parameters (utm_*, fbclid,
 * gclid, igshid, mc_cid, ref_src, …) removed, remaining query sorted.
 * Strings that are not absolute URLs are returned trimmed and unchanged.
 */
export function canonicalUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  parsed.hash = "";
  const kept = [...parsed.searchParams].filter(([name]) => !isTracking(name));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  parsed.search = new URLSearchParams(kept).toString();
  // URL already lower-cases the host and drops default ports.
  return parsed.toString();
}
