import { randomBytes } from "node:crypto";
import type { TokenScope } from "@klinik/core";
import type { Db } from "../connect.ts";
import { API_TOKEN_PREFIX } from "../principal.repository.ts";
import { storableText } from "../storable-text.ts";
import { newId, nowIso, sha256 } from "../util.ts";

/** An integration token as its clinic's admins see it (never the token itself). */
export interface ApiTokenRow {
  id: string;
  name: string;
  scopes: TokenScope[];
  created_by: string;
  created_by_name: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const scopesOf = (s: string) => s.split(",").filter(Boolean) as TokenScope[];

export async function listApiTokens(db: Db, tenantId: string): Promise<ApiTokenRow[]> {
  const rows = await db
    .selectFrom("api_tokens as k")
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "k.created_by").onRef("u.tenant_id", "=", "k.tenant_id"))
    .select([
      "k.id",
      "k.name",
      "k.scopes",
      "k.created_by",
      "u.name as created_by_name",
      "k.created_at",
      "k.last_used_at",
      "k.revoked_at",
    ])
    .where("k.tenant_id", "=", tenantId)
    .orderBy("k.created_at", "desc")
    .orderBy("k.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, scopes: scopesOf(r.scopes) }));
}

/** Creates a token; the secret is returned once and only its sha256 is kept. */
export async function createApiToken(
  db: Db,
  tenantId: string,
  input: { name: string; scopes: readonly TokenScope[]; createdBy: string },
): Promise<{ token: string; row: ApiTokenRow }> {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = {
    id: newId(),
    tenant_id: tenantId,
    name: storableText(input.name),
    token_hash: sha256(token),
    scopes: [...new Set(input.scopes)].join(","),
    created_by: input.createdBy,
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto("api_tokens").values(row).execute();
  const { token_hash: _h, tenant_id: _t, ...rest } = row;
  return { token, row: { ...rest, scopes: scopesOf(row.scopes), created_by_name: null } };
}

/** Revokes a token of this clinic; undefined if it is not this clinic's. Revoking twice keeps the first time. */
export async function revokeApiToken(db: Db, tenantId: string, id: string): Promise<ApiTokenRow | undefined> {
  await db
    .updateTable("api_tokens")
    .set({ revoked_at: nowIso() })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
  return (await listApiTokens(db, tenantId)).find((t) => t.id === id);
}
