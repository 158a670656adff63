import { API_TOKEN_PREFIX, findApiToken, findSession } from "@klinik/db";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Env } from "./context.ts";
import { ApiError } from "./errors.ts";
import { clientAddress } from "./rate-limit.ts";
import type { Actor } from "./services/actor.ts";
import type { ServiceDeps } from "./services/deps.ts";

/**
 * The person (or integration token) behind a credential, with the request's address:
 * a session ends when it expires, idles too long, or its person is deactivated.
 */
export async function resolveActor(
  deps: ServiceDeps,
  c: Context,
  credential: string,
  allowTokens: boolean,
): Promise<Actor | undefined> {
  const found =
    allowTokens && credential.startsWith(API_TOKEN_PREFIX)
      ? await findApiToken(deps.db, credential)
      : await findSession(deps.db, credential, { idleMinutes: deps.config.SESSION_IDLE_MINUTES });
  return found && { ...found, address: clientAddress(c, deps.config.TRUST_PROXY) };
}

/** Requires `Authorization: Bearer <session or integration token>`; sets `principal` (roles are the services' call). */
export const requireAuth = createMiddleware<Env>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/.exec(header);
  if (!match?.[1]) throw new ApiError("unauthorized", "Missing or malformed bearer token");
  const principal = await resolveActor(c.var.deps, c, match[1], true);
  if (!principal) throw new ApiError("unauthorized", "Invalid or expired token");
  c.set("principal", principal);
  c.set("token", match[1]);
  await next();
});
