import type { AuditEntry, ClinicDb } from "@klinik/db";
import type { Actor } from "./actor.ts";
import type { AuditAction } from "./audit-actions.ts";

/** What a use case says about the change it made; who and from where come from the actor. */
export type AuditEvent = Pick<AuditEntry, "targetType" | "targetId" | "summary"> & {
  /** A name listed in AUDIT_ACTIONS (audit-actions.ts), so the trail's filter and labels know it. */
  action: AuditAction;
};

/**
 * Appends one event to the clinic's audit trail. Every use case that changes
 * state calls this after the change, through the same clinic handle.
 */
export async function audit(clinic: ClinicDb, actor: Actor, event: AuditEvent): Promise<void> {
  await clinic.recordAudit({
    ...event,
    // A token acts under its own name; its creator answers for it.
    actorId: actor.user.id,
    actorLabel: actor.via === "token" ? actor.user.name : actor.user.email,
    address: actor.address ?? null,
  });
}

/** A short excerpt of user text for a summary (the trail records that it changed, not a copy). */
export const excerpt = (text: string | null | undefined, max = 200): string | null =>
  text ? (text.length > max ? `${text.slice(0, max - 1)}…` : text) : null;
