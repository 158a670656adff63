import { USER_ROLES } from "@klinik/core";
import type { ClinicDb, PersonRow } from "@klinik/db";
import type { Context } from "hono";
import { z } from "zod";
import type { Env } from "../context.ts";
import { unwrap } from "../errors.ts";
import { inviteInput, roleInput } from "../services/people.inputs.ts";
import {
  changeRole,
  deactivatePerson,
  invitePerson,
  listInvites,
  listPeople,
  reactivatePerson,
  resetLinkFor,
  withdrawInvite,
} from "../services/people.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { idParam, list } from "./schemas.ts";

const personSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  operator: z.boolean(),
  active: z.boolean(),
  totp: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});

const personDto = (p: PersonRow) => ({
  id: p.id,
  email: p.email,
  name: p.name,
  role: p.role,
  operator: p.operator === 1,
  active: p.active === 1,
  totp: p.totp_enabled === 1,
  createdAt: p.created_at,
  lastLoginAt: p.last_login_at,
});

/** The origin links are built on when PUBLIC_BASE_URL is not set: the one the admin is using. */
export const originOf = (c: Context<Env>) => new URL(c.req.url).origin;

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary: "The people of your clinic: role, active, two-factor, last sign-in",
  access: "clinic",
  permission: "people.manage",
  ok: { status: 200, description: "People", schema: list(personSchema) },
  errors: [403],
});
const deactivateRoute = defineRoute({
  method: "post",
  path: "/{id}/deactivate",
  summary: "Deactivate a person: their sessions and tokens stop at once; they cannot sign in",
  access: "clinic",
  permission: "people.manage",
  resource: "user",
  request: { params: idParam },
  ok: {
    status: 200,
    description: "Deactivated",
    schema: z.object({ id: z.string(), active: z.literal(false), sessions: z.number(), tokens: z.number() }),
  },
  errors: [403, 409],
});
const reactivateRoute = defineRoute({
  method: "post",
  path: "/{id}/reactivate",
  summary: "Let a deactivated person sign in again (their old sessions and tokens stay ended)",
  access: "clinic",
  permission: "people.manage",
  resource: "user",
  request: { params: idParam },
  ok: { status: 200, description: "Active", schema: z.object({ id: z.string(), active: z.literal(true) }) },
  errors: [403],
});
const resetRoute = defineRoute({
  method: "post",
  path: "/{id}/reset",
  summary: "A one-time link (72 h) for the person to set a new password; emailed too when SMTP is set",
  access: "clinic",
  permission: "people.manage",
  resource: "user",
  request: { params: idParam },
  ok: {
    status: 201,
    description: "The link",
    schema: z.object({ resetUrl: z.string(), expiresAt: z.string(), emailed: z.boolean() }),
  },
  errors: [403, 409],
});
const roleRoute = defineRoute({
  method: "post",
  path: "/{id}/role",
  summary: "Change a person's role",
  access: "clinic",
  permission: "people.manage",
  resource: "user",
  request: { params: idParam, ...jsonBody(roleInput) },
  ok: { status: 200, description: "Changed", schema: z.object({ id: z.string(), role: z.enum(USER_ROLES) }) },
  errors: [403, 409],
});

const inviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
/** An open invitation as the database reads it. */
type OpenInvite = Awaited<ReturnType<ClinicDb["listOpenInvites"]>>[number];
const inviteDto = (i: OpenInvite) => ({
  id: i.id,
  email: i.email,
  name: i.name,
  role: i.role,
  createdBy: i.created_by,
  createdAt: i.created_at,
  expiresAt: i.expires_at,
});
const invitesRoute = defineRoute({
  method: "get",
  path: "/invites",
  summary: "Open invitations of your clinic (sent, not accepted, not expired)",
  access: "clinic",
  permission: "people.manage",
  ok: { status: 200, description: "Invitations", schema: list(inviteSchema) },
  errors: [403],
});
const withdrawRoute = defineRoute({
  method: "delete",
  path: "/invites/{id}",
  summary: "Withdraw an open invitation: its link stops working (another clinic's answers 404)",
  access: "clinic",
  permission: "people.manage",
  request: { params: idParam },
  ok: { status: 200, description: "Withdrawn", schema: inviteSchema },
  errors: [403],
});

export const userRoutes = apiApp()
  .openapi(invitesRoute, async (c) => {
    const rows = unwrap(await listInvites(c.var.deps, c.var.principal));
    return c.json({ data: rows.map(inviteDto) }, 200);
  })
  .openapi(withdrawRoute, async (c) => {
    const row = unwrap(await withdrawInvite(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json(inviteDto(row), 200);
  })
  .openapi(listRoute, async (c) => {
    const rows = unwrap(await listPeople(c.var.deps, c.var.principal));
    return c.json({ data: rows.map(personDto) }, 200);
  })
  .openapi(deactivateRoute, async (c) => {
    const r = unwrap(await deactivatePerson(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json({ id: r.id, active: false as const, sessions: r.sessions, tokens: r.tokens }, 200);
  })
  .openapi(reactivateRoute, async (c) =>
    c.json(unwrap(await reactivatePerson(c.var.deps, c.var.principal, c.req.valid("param").id)), 200),
  )
  .openapi(resetRoute, async (c) => {
    const r = unwrap(await resetLinkFor(c.var.deps, c.var.principal, c.req.valid("param").id, originOf(c)));
    return c.json(r, 201);
  })
  .openapi(roleRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(unwrap(await changeRole(c.var.deps, c.var.principal, id, c.req.valid("json").role)), 200);
  });

const inviteRoute = defineRoute({
  method: "post",
  path: "/{id}/invites",
  summary:
    "Invite a person into a clinic (its admin, or the operator for any clinic): a one-time link valid 72 h, emailed too when SMTP is set",
  access: "clinic",
  permission: "people.manage",
  resource: "clinic",
  request: { params: idParam, ...jsonBody(inviteInput) },
  ok: {
    status: 201,
    description: "The invitation link",
    schema: z.object({ inviteUrl: z.string(), expiresAt: z.string(), emailed: z.boolean() }),
  },
  errors: [403, 409],
});

/** Mounted under /api/v1/clinics beside the clinics' own routes. */
export const inviteRoutes = apiApp().openapi(inviteRoute, async (c) => {
  const { id } = c.req.valid("param");
  const r = unwrap(await invitePerson(c.var.deps, c.var.principal, id, c.req.valid("json"), originOf(c)));
  return c.json({ inviteUrl: r.inviteUrl, expiresAt: r.expiresAt, emailed: r.emailed }, 201);
});
