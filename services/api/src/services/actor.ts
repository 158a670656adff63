import type { TokenScope, UserRole } from "@klinik/core";
import { type ClinicDb, forClinic, type SessionPrincipal } from "@klinik/db";
import type { ServiceDeps } from "./deps.ts";
import { type Failure, fail } from "./result.ts";

/**
 * Who acts: a person of one clinic (the API's bearer token or the UI's cookie) or an
 * integration token, and the address the request came from (for the audit trail).
 */
export type Actor = SessionPrincipal & { address?: string };

/** A clinic role, or `operator`: the person runs the whole instance (the user's operator flag). */
export type Grant = UserRole | "operator";

const EVERYONE = ["admin", "analyst", "publisher", "viewer"] as const;
const WORKERS = ["admin", "analyst", "publisher"] as const;

/** Everything a person may do, and which roles may do it: the one table both API and UI obey. */
export const PERMISSIONS = {
  "session.end": EVERYONE,
  /** Own password, sessions, two-factor. */
  "account.manage": EVERYONE,
  "queue.read": EVERYONE,
  /** Be told of new high-scoring claims and of claims assigned to you (your own choices). */
  "notify.receive": EVERYONE,
  "stats.read": EVERYONE,
  /** The clinic's scoring model: which is active, its figures, its history. */
  "model.read": EVERYONE,
  /** Start a training run now, or make an earlier promoted model active again (rollback). */
  "model.train": ["admin"],
  /** The whole instance's statistics (a clinic reads its own, a province also its regencies'). */
  "stats.instance": ["operator"],
  "verdict.give": WORKERS,
  "claim.take": WORKERS,
  "claim.assign": WORKERS,
  "claim.escalate": WORKERS,
  /** A province answers or hands back what its regencies escalated. */
  "escalation.answer": WORKERS,
  "note.write": WORKERS,
  /**
   * A public reporter's contact and ticket, on the item and the claim page: those who work
   * the queue (never viewers, integration tokens, a province reading a regency, the public).
   */
  "report.contact": WORKERS,
  "item.ingest": ["admin"],
  "clarification.write": WORKERS,
  /** An analyst's publish waits for a publisher when the clinic requires approval (the service decides). */
  "clarification.publish": WORKERS,
  "clarification.approve": ["admin", "publisher"],
  "source.manage": ["admin"],
  "people.manage": ["admin", "operator"],
  "token.manage": ["admin"],
  "clinic.settings": ["admin"],
  /** Partner webhooks: subscribe a URL, turn it off, read its delivery log. */
  "webhook.manage": ["admin"],
  "audit.read": ["admin", "operator"],
  "clinic.create": ["operator"],
  /** Metrics and the queue dashboard of the whole instance. */
  "instance.operate": ["operator"],
} as const satisfies Record<string, readonly Grant[]>;
export type Permission = keyof typeof PERMISSIONS;

/** What an integration token's scopes allow; a token never manages people, tokens or settings. */
export const SCOPE_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  read: ["queue.read", "stats.read"],
  ingest: ["item.ingest"],
  publish: ["clarification.write", "clarification.publish"],
};

/** Until a person of a clinic that requires two-factor sets it up, they may only do that (or leave). */
const BEFORE_TOTP: readonly Permission[] = ["account.manage", "session.end"];

export function mustSetUpTotp(actor: Actor): boolean {
  return actor.via === "session" && actor.tenant.require_totp === 1 && !actor.user.totp;
}

export function can(actor: Actor, permission: Permission): boolean {
  // A token has no session to end and acts only within its scopes.
  if (actor.via === "token") return (actor.scopes ?? []).some((s) => SCOPE_PERMISSIONS[s].includes(permission));
  if (mustSetUpTotp(actor) && !BEFORE_TOTP.includes(permission)) return false;
  const grants = PERMISSIONS[permission] as readonly Grant[];
  return grants.includes(actor.user.role) || (actor.user.operator && grants.includes("operator"));
}

/** A failure when the actor's role lacks the permission. */
export function denied(actor: Actor, permission: Permission): { ok: false; error: Failure } | undefined {
  if (can(actor, permission)) return undefined;
  if (mustSetUpTotp(actor)) return fail("forbidden", "Your clinic requires two-factor sign-in: set it up first");
  return fail("forbidden", `Your role may not do this (${permission})`);
}

/** The actor's clinic: every read and write of a use case goes through this handle. */
export function clinicOf(deps: Pick<ServiceDeps, "db">, actor: Actor): ClinicDb {
  return forClinic(deps.db, actor.tenant.id);
}
