import { createSession, findUserByEmail, toPublicUser, verifyPassword } from "@klinik/db";
import { Hono } from "hono";
import type { Env } from "../context.ts";
import { ApiError } from "../errors.ts";
import { loginBody } from "../schemas.ts";
import { jsonBody } from "../validate.ts";

// A real hash to compare against when the email is unknown, so timing does not reveal accounts.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export const authRoutes = new Hono<Env>().post("/login", async (c) => {
  const { email, password } = await jsonBody(c, loginBody);
  const { db, config } = c.var.deps;
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) throw new ApiError(401, "invalid_credentials", "Email or password is wrong");
  const { token, expiresAt } = await createSession(db, user, config.SESSION_TTL_HOURS);
  const u = toPublicUser(user);
  return c.json({
    token,
    expiresAt,
    user: { id: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenant_id },
  });
});
