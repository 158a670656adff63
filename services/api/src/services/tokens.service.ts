import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { storeIncoming } from "./intake.service.ts";
import type { IngestInput, TokenInput } from "./people.inputs.ts";
import { notFound, ok } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "queues" | "logger">;

/** The clinic's integration tokens: name, scopes, who made it, last use, revoked. Never the secret. */
export async function listTokens(deps: Deps, actor: Actor) {
  const no = denied(actor, "token.manage");
  if (no) return no;
  return ok(await clinicOf(deps, actor).listApiTokens());
}

/** A new integration token of the caller's clinic; the secret is in this answer only. */
export async function createToken(deps: Deps, actor: Actor, input: TokenInput) {
  const no = denied(actor, "token.manage");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const made = await clinic.createApiToken({ name: input.name, scopes: input.scopes, createdBy: actor.user.id });
  await audit(clinic, actor, {
    action: "token.create",
    targetType: "token",
    targetId: made.row.id,
    summary: { name: made.row.name, scopes: made.row.scopes },
  });
  return ok({ token: made.token, row: { ...made.row, created_by_name: actor.user.name } });
}

/** Revokes a token of the caller's clinic (another clinic's answers 404); it stops at once. */
export async function revokeToken(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "token.manage");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const before = (await clinic.listApiTokens()).find((t) => t.id === id);
  if (!before) return notFound("Token");
  const row = await clinic.revokeApiToken(id);
  if (!row) return notFound("Token");
  if (!before.revoked_at) {
    await audit(clinic, actor, {
      action: "token.revoke",
      targetType: "token",
      targetId: id,
      summary: { name: row.name, scopes: row.scopes },
    });
  }
  return ok(row);
}

/**
 * Items an integration (or an admin) hands in for scoring: stored and queued the
 * way webhook posts are, deduplicated by URL or content within the clinic.
 */
export async function ingestItems(deps: Deps, actor: Actor, input: IngestInput) {
  const no = denied(actor, "item.ingest");
  if (no) return no;
  const posts = "items" in input ? input.items : [input];
  const clinic = clinicOf(deps, actor);
  const { inserted, pendingIds } = await storeIncoming(deps, clinic, null, posts);
  await audit(clinic, actor, {
    action: "item.ingest",
    targetType: "item",
    targetId: pendingIds.length === 1 ? (pendingIds[0] ?? null) : null,
    summary: { accepted: posts.length, added: inserted },
  });
  return ok({ accepted: posts.length, added: inserted, ids: pendingIds });
}
