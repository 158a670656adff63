import { createSession, deleteSession, type User } from "@klinik/db";
import { checkCredentials } from "../credentials.ts";
import type { ServiceDeps } from "./deps.ts";
import { fail, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "loginThrottle" | "config">;

/**
 * Logs a person in for the API and the UI alike: throttled per (address,
 * account) and per address, so guessing is slow and nobody can lock the owner out.
 */
export async function login(
  deps: Deps,
  input: { email: string; password: string; address: string },
): Promise<Result<{ token: string; expiresAt: string; user: User }>> {
  // checkCredentials normalises the address; the cut only bounds what a form may send.
  const res = await checkCredentials(deps.db, deps.loginThrottle, { ...input, email: input.email.slice(0, 254) });
  if (!res.ok && res.retryAfterSec !== null) {
    return fail("too_many_attempts", "Too many failed logins; try again later", res.retryAfterSec);
  }
  if (!res.ok) return fail("invalid_credentials", "Email or password is wrong");
  const { token, expiresAt } = await createSession(deps.db, res.user, deps.config.SESSION_TTL_HOURS);
  return ok({ token, expiresAt, user: res.user });
}

export async function logout(deps: Pick<Deps, "db">, token: string): Promise<void> {
  await deleteSession(deps.db, token);
}
