import { z } from "zod";
import { unwrap } from "../errors.ts";
import { changePassword, endAllSessions, listMySessions } from "../services/account.service.ts";
import { changePasswordInput, totpConfirmInput, totpDisableInput } from "../services/people.inputs.ts";
import { confirmTwoFactor, disableTwoFactor, startTwoFactor, twoFactorStatus } from "../services/two-factor.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { list } from "./schemas.ts";

// The caller's own account: password, sessions, two-factor sign-in (mounted under /api/v1/auth).

const sessionSchema = z.object({
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  expiresAt: z.string(),
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
const setupSchema = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
const totpSchema = z.object({ enabled: z.boolean(), required: z.boolean(), pending: setupSchema.optional() });

const own = <const P extends string>(method: "get" | "post", path: P, summary: string) =>
  ({ method, path, summary, access: "clinic", permission: "account.manage" }) as const;

const passwordRoute = defineRoute({
  ...own("post", "/password", "Change your password (the policy applies); your other sessions end"),
  request: jsonBody(changePasswordInput),
  ok: { status: 200, description: "Changed", schema: z.object({ endedSessions: z.number() }) },
  errors: [403, 429],
});
const sessionsRoute = defineRoute({
  ...own("get", "/sessions", "Your sessions: started, last used, from where, and which is this one"),
  ok: { status: 200, description: "Sessions", schema: list(sessionSchema) },
  errors: [403],
});
const endAllRoute = defineRoute({
  method: "post",
  path: "/sessions/end-all",
  summary: "Sign out everywhere, this session included",
  access: "clinic",
  permission: "session.end",
  ok: { status: 200, description: "Signed out", schema: z.object({ ended: z.number() }) },
  errors: [403],
});
const totpRoute = defineRoute({
  ...own("get", "/totp", "Your two-factor sign-in: on, required by your clinic, or being set up"),
  ok: { status: 200, description: "State", schema: totpSchema },
  errors: [403],
});
const totpSetupRoute = defineRoute({
  ...own("post", "/totp/setup", "Start two-factor setup: a new secret as otpauth URI, base32 text and SVG QR code"),
  ok: { status: 200, description: "Scan or type it, then confirm with a code", schema: setupSchema },
  errors: [403, 409],
});
const totpConfirmRoute = defineRoute({
  ...own("post", "/totp/confirm", "Turn two-factor on with a code from the app"),
  request: jsonBody(totpConfirmInput),
  ok: { status: 200, description: "On", schema: z.object({ enabled: z.literal(true) }) },
  errors: [403, 409, 429],
});
const totpDisableRoute = defineRoute({
  ...own("post", "/totp/disable", "Turn two-factor off with your password and a current code"),
  request: jsonBody(totpDisableInput),
  ok: { status: 200, description: "Off", schema: z.object({ enabled: z.literal(false) }) },
  errors: [403, 409, 429],
});

export const accountRoutes = apiApp()
  .openapi(passwordRoute, async (c) => {
    const r = unwrap(await changePassword(c.var.deps, c.var.principal, c.req.valid("json")));
    return c.json(r, 200);
  })
  .openapi(sessionsRoute, async (c) => {
    const rows = unwrap(await listMySessions(c.var.deps, c.var.principal));
    const data = rows.map((s) => ({
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      expiresAt: s.expires_at,
      address: s.address,
      userAgent: s.user_agent,
      current: s.current,
    }));
    return c.json({ data }, 200);
  })
  .openapi(endAllRoute, async (c) => c.json(unwrap(await endAllSessions(c.var.deps, c.var.principal)), 200))
  .openapi(totpRoute, async (c) => {
    const r = unwrap(await twoFactorStatus(c.var.deps, c.var.principal));
    return c.json({ enabled: r.enabled, required: r.required, ...(r.pending ? { pending: r.pending } : {}) }, 200);
  })
  .openapi(totpSetupRoute, async (c) => c.json(unwrap(await startTwoFactor(c.var.deps, c.var.principal)), 200))
  .openapi(totpConfirmRoute, async (c) => {
    const r = unwrap(await confirmTwoFactor(c.var.deps, c.var.principal, c.req.valid("json").code));
    return c.json({ enabled: r.enabled as true }, 200);
  })
  .openapi(totpDisableRoute, async (c) => {
    const r = unwrap(await disableTwoFactor(c.var.deps, c.var.principal, c.req.valid("json")));
    return c.json({ enabled: r.enabled as false }, 200);
  });
