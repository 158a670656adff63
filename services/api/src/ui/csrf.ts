import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Synchronizer token tied to the session: an HMAC of a fixed label keyed by the
 * session token itself. The token lives only in an HttpOnly cookie, so another
 * site can neither read nor compute it; logging out invalidates every form.
 */
export function csrfToken(sessionToken: string): string {
  return createHmac("sha256", sessionToken).update("klinik-ui-csrf-v1").digest("base64url");
}

export function csrfMatches(sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const want = Buffer.from(csrfToken(sessionToken));
  const got = Buffer.from(given);
  return got.length === want.length && timingSafeEqual(got, want);
}
