import type { UserRole } from "@klinik/core";
import { type ClinicDb, forClinic, type SessionPrincipal } from "@klinik/db";
import type { ServiceDeps } from "./deps.ts";
import { type Failure, fail } from "./result.ts";

/** Who acts: a logged-in person of one clinic (the API's bearer token or the UI's cookie). */
export type Actor = SessionPrincipal;

/** Everything a person may do, and which roles may do it: the one table both API and UI obey. */
export const PERMISSIONS = {
  "session.end": ["admin", "analyst"],
  "queue.read": ["admin", "analyst"],
  "verdict.give": ["admin", "analyst"],
  "claim.take": ["admin", "analyst"],
  "claim.assign": ["admin", "analyst"],
  "note.write": ["admin", "analyst"],
  "clarification.write": ["admin", "analyst"],
  "clarification.publish": ["admin", "analyst"],
  "source.manage": ["admin"],
} as const satisfies Record<string, readonly UserRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly UserRole[]).includes(actor.user.role);
}

/** A failure when the actor's role lacks the permission. */
export function denied(actor: Actor, permission: Permission): { ok: false; error: Failure } | undefined {
  return can(actor, permission) ? undefined : fail("forbidden", `Your role may not do this (${permission})`);
}

/** The actor's clinic: every read and write of a use case goes through this handle. */
export function clinicOf(deps: Pick<ServiceDeps, "db">, actor: Actor): ClinicDb {
  return forClinic(deps.db, actor.tenant.id);
}
