import { TOKEN_SCOPES } from "@klinik/core";
import type { ApiTokenRow } from "@klinik/db";
import { z } from "zod";
import { unwrap } from "../errors.ts";
import { ingestInput, tokenInput } from "../services/people.inputs.ts";
import { createToken, ingestItems, listTokens, revokeToken } from "../services/tokens.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { idParam, list } from "./schemas.ts";

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdBy: z.object({ id: z.string(), name: z.string().nullable() }),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

const tokenDto = (t: ApiTokenRow) => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes,
  createdBy: { id: t.created_by, name: t.created_by_name },
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary: "The clinic's integration tokens (never the secret)",
  access: "clinic",
  permission: "token.manage",
  ok: { status: 200, description: "Tokens", schema: list(tokenSchema) },
  errors: [403],
});
const createRoute = defineRoute({
  method: "post",
  path: "/",
  summary: "Create an integration token: `token` (khk_…) is in this answer only; send it as a bearer token",
  access: "clinic",
  permission: "token.manage",
  request: jsonBody(tokenInput),
  ok: { status: 201, description: "Created", schema: tokenSchema.extend({ token: z.string() }) },
  errors: [403],
});
const revokeRoute = defineRoute({
  method: "delete",
  path: "/{id}",
  summary: "Revoke a token: it answers 401 from now on",
  access: "clinic",
  permission: "token.manage",
  resource: "token",
  request: { params: idParam },
  ok: { status: 200, description: "Revoked", schema: tokenSchema },
  errors: [403],
});

export const tokenRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const rows = unwrap(await listTokens(c.var.deps, c.var.principal));
    return c.json({ data: rows.map(tokenDto) }, 200);
  })
  .openapi(createRoute, async (c) => {
    const r = unwrap(await createToken(c.var.deps, c.var.principal, c.req.valid("json")));
    return c.json({ ...tokenDto(r.row), token: r.token }, 201);
  })
  .openapi(revokeRoute, async (c) => {
    const row = unwrap(await revokeToken(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json(tokenDto(row), 200);
  });

const ingestRoute = defineRoute({
  method: "post",
  path: "/",
  summary:
    "Hand in items for scoring: {text, url?, title?} or {items: [...]} (a token with the ingest scope, or an admin); duplicates within the clinic are skipped",
  access: "clinic",
  permission: "item.ingest",
  request: jsonBody(ingestInput),
  ok: {
    status: 202,
    description: "Stored and queued for scoring",
    schema: z.object({ accepted: z.number(), added: z.number(), ids: z.array(z.string()) }),
  },
  errors: [403],
});

/** Mounted under /api/v1/items beside the queue's routes. */
export const ingestRoutes = apiApp().openapi(ingestRoute, async (c) =>
  c.json(unwrap(await ingestItems(c.var.deps, c.var.principal, c.req.valid("json"))), 202),
);
