/**
 * Who is calling: a bearer token or session cookie resolved to a person (or an
 * integration token) and their clinic. Crosses clinics on purpose: the
 * credential decides the clinic, nothing else does.
 */
import type { TokenScope } from "@klinik/core";
import type { Db } from "./connect.ts";
import type { PublicUser } from "./repositories/users.repository.ts";
import type { TenantTable } from "./tables/index.ts";
import { nowIso, sha256 } from "./util.ts";

/** The clinic as a caller carries it: enough for every permission and boundary decision. */
export type ClinicRef = Pick<
  TenantTable,
  "id" | "slug" | "name" | "timezone" | "parent_id" | "kind" | "status" | "require_approval" | "require_totp"
>;

export interface SessionPrincipal {
  user: PublicUser;
  tenant: ClinicRef;
  /** A person's session (API bearer or UI cookie), or an integration token limited to `scopes`. */
  via: "session" | "token";
  scopes: TokenScope[] | null;
  /** The session's or token's row id (sha256 of a session token; a token's id). */
  credentialId: string;
}

/** A session unused this long is refused, whatever its lifetime; `last_seen_at` is written at most once a minute. */
export interface SessionPolicy {
  idleMinutes: number;
}

const TOUCH_EVERY_MS = 60_000;

const principalColumns = [
  "u.id as user_id",
  "u.email",
  "u.name as user_name",
  "u.role",
  "u.operator",
  "u.totp_enabled",
  "t.id as tenant_id",
  "t.slug",
  "t.name as tenant_name",
  "t.timezone",
  "t.parent_id",
  "t.kind",
  "t.status",
  "t.require_approval",
  "t.require_totp",
] as const;

type PrincipalRow = {
  user_id: string;
  email: string;
  user_name: string;
  role: PublicUser["role"];
  operator: number;
  totp_enabled: number;
  tenant_id: string;
  slug: string;
  tenant_name: string;
  timezone: string;
  parent_id: string | null;
  kind: TenantTable["kind"];
  status: TenantTable["status"];
  require_approval: number;
  require_totp: number;
};

function toPrincipal(
  row: PrincipalRow,
  via: SessionPrincipal["via"],
  credentialId: string,
  scopes: TokenScope[] | null,
) {
  return {
    user: {
      id: row.user_id,
      tenant_id: row.tenant_id,
      email: row.email,
      name: row.user_name,
      role: row.role,
      operator: row.operator === 1,
      totp: row.totp_enabled === 1,
    },
    tenant: {
      id: row.tenant_id,
      slug: row.slug,
      name: row.tenant_name,
      timezone: row.timezone,
      parent_id: row.parent_id,
      kind: row.kind,
      status: row.status,
      require_approval: row.require_approval,
      require_totp: row.require_totp,
    },
    via,
    scopes,
    credentialId,
  } satisfies SessionPrincipal;
}

/**
 * Resolves a session token to its person and clinic, or undefined if unknown, expired,
 * idle too long, or the person was deactivated (which therefore ends it at once).
 */
export async function findSession(
  db: Db,
  token: string,
  policy: SessionPolicy = { idleMinutes: 0 },
): Promise<SessionPrincipal | undefined> {
  const id = sha256(token);
  const now = Date.now();
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", (j) => j.onRef("u.id", "=", "s.user_id").onRef("u.tenant_id", "=", "s.tenant_id"))
    .innerJoin("tenants as t", "t.id", "s.tenant_id")
    .select([...principalColumns, "s.last_seen_at", "s.created_at"])
    .where("s.id", "=", id)
    .where("s.expires_at", ">", new Date(now).toISOString())
    .where("u.active", "=", 1)
    .executeTakeFirst();
  if (!row) return undefined;
  const lastSeen = Date.parse(row.last_seen_at ?? row.created_at);
  if (policy.idleMinutes > 0 && now - lastSeen > policy.idleMinutes * 60_000) return undefined;
  if (now - lastSeen > TOUCH_EVERY_MS) {
    await db.updateTable("sessions").set({ last_seen_at: nowIso() }).where("id", "=", id).execute();
  }
  return toPrincipal(row, "session", id, null);
}

/** Integration tokens carry this prefix, so a leaked one is recognisable (and never mistaken for a session). */
export const API_TOKEN_PREFIX = "khk_";

/** Resolves an integration token: unknown, revoked, or its creator's clinic gone → undefined. */
export async function findApiToken(db: Db, token: string): Promise<SessionPrincipal | undefined> {
  const row = await db
    .selectFrom("api_tokens as k")
    .innerJoin("users as u", (j) => j.onRef("u.id", "=", "k.created_by").onRef("u.tenant_id", "=", "k.tenant_id"))
    .innerJoin("tenants as t", "t.id", "k.tenant_id")
    .select([...principalColumns, "k.id as token_id", "k.name as token_name", "k.scopes", "k.last_used_at"])
    .where("k.token_hash", "=", sha256(token))
    .where("k.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = Date.now();
  if (!row.last_used_at || now - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
    await db.updateTable("api_tokens").set({ last_used_at: nowIso() }).where("id", "=", row.token_id).execute();
  }
  // A token acts in its clinic under its own name; its creator only vouches for it.
  const principal = toPrincipal(row, "token", row.token_id, row.scopes.split(",").filter(Boolean) as TokenScope[]);
  principal.user = { ...principal.user, name: `token:${row.token_name}`, operator: false, totp: true };
  return principal;
}

/**
 * Deletes sessions expired before `now`, or idle longer than `idleMinutes`, in every
 * clinic (the API's timer); returns how many. Both are refused already: this only
 * removes their rows.
 */
export async function deleteExpiredSessions(db: Db, now: string = nowIso(), idleMinutes = 0): Promise<number> {
  let q = db.deleteFrom("sessions").where("expires_at", "<=", now);
  if (idleMinutes > 0) {
    const idleSince = new Date(Date.parse(now) - idleMinutes * 60_000).toISOString();
    q = db
      .deleteFrom("sessions")
      .where((eb) =>
        eb.or([
          eb("expires_at", "<=", now),
          eb.and([eb("last_seen_at", "is not", null), eb("last_seen_at", "<", idleSince)]),
        ]),
      );
  }
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}
