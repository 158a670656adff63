import { type Db, findUserByEmail, type User, verifyPassword } from "@klinik/db";
import type { LoginThrottle } from "./security/login-throttle.ts";

export {
  type LoginKey,
  type LoginThrottle,
  RedisLoginThrottle,
  type RedisLoginThrottleOptions,
} from "./security/login-throttle.ts";

// A real scrypt hash to verify against when the email is unknown, so response time does not reveal accounts.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export interface LoginAttempt {
  /** The client address: `clientAddress(c, config.TRUST_PROXY)`. */
  address: string;
  email: string;
  password: string;
}

/**
 * `retryAfterSec` null: wrong email or password, or a deactivated person (401); a
 * number: throttled (429 + Retry-After). `user`: the account the email named, if any.
 */
export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; retryAfterSec: number | null; user?: User; reason: "throttled" | "password" | "inactive" };

/**
 * Checks an email and password for the API and the UI alike. A throttled
 * attempt is refused before any lookup or scrypt work, so a flood of refused
 * guesses costs a few Redis reads each.
 */
export async function checkCredentials(db: Db, throttle: LoginThrottle, attempt: LoginAttempt): Promise<LoginResult> {
  const key = { address: attempt.address, email: attempt.email.trim().toLowerCase() };
  const wait = await throttle.admit(key);
  if (wait > 0) return { ok: false, retryAfterSec: wait, reason: "throttled" };
  const user = await findUserByEmail(db, key.email);
  const ok = await verifyPassword(attempt.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.active !== 1) {
    await throttle.failed(key);
    return { ok: false, retryAfterSec: null, reason: user && ok ? "inactive" : "password", ...(user ? { user } : {}) };
  }
  await throttle.succeeded(key);
  return { ok: true, user };
}

/**
 * A check other than the password (a two-factor code; the current password when
 * changing it) under its own throttle key, `<kind>:<email>`: the right password
 * resets the sign-in key, so these are counted apart and only a pass resets theirs.
 */
export async function throttledCheck(
  throttle: LoginThrottle,
  who: { address: string; email: string; kind: "otp" | "password" },
  verify: () => Promise<boolean>,
): Promise<{ ok: true } | { ok: false; retryAfterSec: number | null }> {
  const key = { address: who.address, email: `${who.kind}:${who.email.trim().toLowerCase()}` };
  const wait = await throttle.admit(key);
  if (wait > 0) return { ok: false, retryAfterSec: wait };
  if (!(await verify())) {
    await throttle.failed(key);
    return { ok: false, retryAfterSec: null };
  }
  await throttle.succeeded(key);
  return { ok: true };
}
