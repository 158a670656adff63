import { createHash, timingSafeEqual } from "node:crypto";
import type { Config } from "@klinik/config";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { resolveActor } from "./auth.ts";
import type { Env } from "./context.ts";
import { ApiError } from "./errors.ts";
import { can } from "./services/actor.ts";
import { sessionTokenOf } from "./ui/session.ts";

/** A setting holding a machine credential that also opens an operator route (a scraper's). */
export type MachineToken = keyof Pick<Config, "METRICS_TOKEN">;

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant time whatever the lengths: both sides are hashed first. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The operator behind a credential, or why not: 401 without a valid one, 403 for anyone else. */
async function operatorOf(c: Context<Env>, credential: string | undefined, allowTokens: boolean) {
  if (!credential) return "unauthorized" as const;
  const actor = await resolveActor(c.var.deps, c, credential, allowTokens);
  if (!actor) return "unauthorized" as const;
  return can(actor, "instance.operate") ? actor : ("forbidden" as const);
}

/**
 * API routes of the instance operator (`access: "operator"` in defineRoute): the
 * bearer token of a session of a person with the operator flag, or the value of
 * `machineToken`'s setting when one is configured. Integration tokens belong to a
 * clinic and get 403, like every person without the flag.
 */
export function requireOperator(machineToken?: MachineToken) {
  return createMiddleware<Env>(async (c, next) => {
    const match = /^Bearer\s+(\S{1,300})$/.exec(c.req.header("authorization") ?? "");
    const given = match?.[1];
    const secret = machineToken ? c.var.deps.config[machineToken] : undefined;
    if (given && secret && sameSecret(given, secret)) return next();
    const who = await operatorOf(c, given && /^[A-Za-z0-9_-]{20,100}$/.test(given) ? given : undefined, true);
    if (who === "unauthorized") throw new ApiError("unauthorized", "Missing, invalid or expired token");
    if (who === "forbidden") throw new ApiError("forbidden", "Only the instance operator may do this");
    c.set("principal", who);
    await next();
  });
}

/**
 * Operator pages outside the review UI (the queue dashboard): the UI's session
 * cookie of an operator; 401 without one, 403 for anyone else. Read only: any
 * other method than GET/HEAD answers 403 (the dashboard's own buttons cannot
 * carry the UI's CSRF token, so they are not offered at all).
 */
export const requireOperatorPage = createMiddleware<Env>(async (c, next) => {
  const who = await operatorOf(c, sessionTokenOf(c), false);
  if (who === "unauthorized") throw new ApiError("unauthorized", "Sign in as the instance operator first (/masuk)");
  if (who === "forbidden") throw new ApiError("forbidden", "Only the instance operator may see the queues");
  if (c.req.method !== "GET" && c.req.method !== "HEAD") {
    throw new ApiError("forbidden", "The queue dashboard is read only");
  }
  c.set("principal", who);
  await next();
});
