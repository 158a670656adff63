import type { User } from "@klinik/db";
import type { Context } from "hono";
import { z } from "zod";
import type { Env } from "../context.ts";
import { ApiError, unwrap } from "../errors.ts";
import { clientAddress } from "../rate-limit.ts";
import { acceptInvitation, useReset } from "../services/account.service.ts";
import { type From, login, logout, type Signed } from "../services/auth.service.ts";
import { linkTokenParam, loginWithOtpInput, setPasswordInput } from "../services/people.inputs.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  tenantId: z.string(),
  operator: z.boolean(),
  totp: z.boolean(),
});
const signedSchema = z.object({ token: z.string(), expiresAt: z.string(), user: userSchema });

export const userDto = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  tenantId: u.tenant_id,
  operator: u.operator === 1,
  totp: u.totp_enabled === 1,
});
const signedDto = (s: Signed) => ({ token: s.token, expiresAt: s.expiresAt, user: userDto(s.user) });

/** Where the request comes from: recorded on the session and in the audit trail. */
export const fromOf = (c: Context<Env>): From => ({
  address: clientAddress(c, c.var.deps.config.TRUST_PROXY),
  userAgent: c.req.header("user-agent"),
});

const loginRoute = defineRoute({
  method: "post",
  path: "/login",
  summary: "Log in, get a bearer token (with `otp`, the 6-digit code, when the account has two-factor sign-in)",
  access: "public",
  request: jsonBody(loginWithOtpInput),
  ok: { status: 200, description: "Token and user", schema: signedSchema },
  errors: [401, 429],
});

const logoutRoute = defineRoute({
  method: "post",
  path: "/logout",
  summary: "End this token's session",
  access: "clinic",
  permission: "session.end",
  ok: { status: 200, description: "Logged out", schema: z.object({ ok: z.literal(true) }) },
  errors: [],
});

/** Accepting an invitation and using a reset link: one shape, the link decides the person. */
const linkRoute = (kind: "invites" | "resets") =>
  defineRoute({
    method: "post",
    path: `/${kind}/{token}`,
    summary:
      kind === "invites"
        ? "Accept an invitation: set a password (the policy applies), become a person of the clinic, signed in"
        : "Use a reset link: set a new password (the policy applies; two-factor is cleared), signed in",
    access: "public",
    request: { params: linkTokenParam, ...jsonBody(setPasswordInput) },
    ok: { status: 200, description: "Signed in", schema: signedSchema },
    errors: [409, 410, 429],
  });

export const authRoutes = apiApp()
  .openapi(loginRoute, async (c) => {
    const { email, password, otp } = c.req.valid("json");
    const r = unwrap(await login(c.var.deps, { email, password, otp, ...fromOf(c) }));
    if (r.kind === "second_step") {
      throw new ApiError("otp_required", "This account uses two-factor sign-in: send the 6-digit code as otp");
    }
    return c.json(signedDto(r), 200);
  })
  .openapi(logoutRoute, async (c) => {
    unwrap(await logout(c.var.deps, c.var.token, c.var.principal));
    return c.json({ ok: true as const }, 200);
  })
  .openapi(linkRoute("invites"), async (c) => {
    const { token } = c.req.valid("param");
    const r = unwrap(await acceptInvitation(c.var.deps, token, c.req.valid("json").password, fromOf(c)));
    return c.json(signedDto(r), 200);
  })
  .openapi(linkRoute("resets"), async (c) => {
    const { token } = c.req.valid("param");
    const r = unwrap(await useReset(c.var.deps, token, c.req.valid("json").password, fromOf(c)));
    return c.json(signedDto(r), 200);
  });
