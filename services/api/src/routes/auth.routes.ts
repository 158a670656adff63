import { createSession, toPublicUser } from "@klinik/db";
import { Hono } from "hono";
import type { Env } from "../context.ts";
import { checkCredentials } from "../credentials.ts";
import { ApiError } from "../errors.ts";
import { loginBody } from "../schemas.ts";
import { jsonBody } from "../validate.ts";

export const authRoutes = new Hono<Env>().post("/login", async (c) => {
  const { email, password } = await jsonBody(c, loginBody);
  const { db, config } = c.var.deps;
  const login = await checkCredentials(db, c.var.deps.loginThrottle, email, password);
  if (!login.ok && login.retryAfterSec !== null) {
    c.header("Retry-After", String(login.retryAfterSec));
    throw new ApiError(429, "too_many_attempts", "Too many failed logins for this email; try again later");
  }
  if (!login.ok) throw new ApiError(401, "invalid_credentials", "Email or password is wrong");
  const user = login.user;
  const { token, expiresAt } = await createSession(db, user, config.SESSION_TTL_HOURS);
  const u = toPublicUser(user);
  return c.json({
    token,
    expiresAt,
    user: { id: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenant_id },
  });
});
