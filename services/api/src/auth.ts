import { findSession } from "@klinik/db";
import { createMiddleware } from "hono/factory";
import type { Env } from "./context.ts";
import { ApiError } from "./errors.ts";

/** Requires `Authorization: Bearer <token>` of a live session; sets `principal` (roles are the services' call). */
export const requireAuth = createMiddleware<Env>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/.exec(header);
  if (!match?.[1]) throw new ApiError("unauthorized", "Missing or malformed bearer token");
  const principal = await findSession(c.var.deps.db, match[1]);
  if (!principal) throw new ApiError("unauthorized", "Invalid or expired token");
  c.set("principal", principal);
  c.set("token", match[1]);
  await next();
});
