import { z } from "zod";
import { unwrap } from "../errors.ts";
import { clientAddress } from "../rate-limit.ts";
import { login, logout } from "../services/auth.service.ts";
import { loginInput } from "../services/inputs.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";

const loginRoute = defineRoute({
  method: "post",
  path: "/login",
  summary: "Log in, get a bearer token",
  access: "public",
  request: jsonBody(loginInput),
  ok: {
    status: 200,
    description: "Token and user",
    schema: z.object({
      token: z.string(),
      expiresAt: z.string(),
      user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), tenantId: z.string() }),
    }),
  },
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

export const authRoutes = apiApp()
  .openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid("json");
    const { deps } = c.var;
    const r = unwrap(await login(deps, { email, password, address: clientAddress(c, deps.config.TRUST_PROXY) }));
    const u = r.user;
    return c.json(
      {
        token: r.token,
        expiresAt: r.expiresAt,
        user: { id: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenant_id },
      },
      200,
    );
  })
  .openapi(logoutRoute, async (c) => {
    await logout(c.var.deps, c.var.token);
    return c.json({ ok: true as const }, 200);
  });
