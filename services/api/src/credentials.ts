import { type Db, findUserByEmail, type User, verifyPassword } from "@klinik/db";

// A real scrypt hash to verify against when the email is unknown, so response time does not reveal accounts.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/**
 * Failed logins per email address: after `max` failures within `windowMs` the
 * address is refused until the window has passed, whatever the password
 * (slows down guessing against one account; per process).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds until this email may try again, or 0. */
  blockedFor(email: string, now = Date.now()): number {
    const list = this.recent(email, now);
    if (list.length < this.max) return 0;
    return Math.ceil(((list[0] ?? now) + this.windowMs - now) / 1000);
  }

  fail(email: string, now = Date.now()): void {
    if (this.failures.size > 100_000) this.failures.clear();
    this.failures.set(email, [...this.recent(email, now), now]);
  }

  succeed(email: string): void {
    this.failures.delete(email);
  }
}

export type LoginResult = { ok: true; user: User } | { ok: false; retryAfterSec: number | null };

/** Checks an email and password for the API and the UI alike. */
export async function checkCredentials(
  db: Db,
  throttle: LoginThrottle,
  email: string,
  password: string,
): Promise<LoginResult> {
  const key = email.trim().toLowerCase();
  const wait = throttle.blockedFor(key);
  if (wait > 0) return { ok: false, retryAfterSec: wait };
  const user = await findUserByEmail(db, key);
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) {
    throttle.fail(key);
    return { ok: false, retryAfterSec: null };
  }
  throttle.succeed(key);
  return { ok: true, user };
}
