import type { AuditEntry, ClinicDb } from "@klinik/db";
import type { Actor } from "./actor.ts";

/** What a use case says about the change it made; who and from where come from the actor. */
export type AuditEvent = Pick<AuditEntry, "action" | "targetType" | "targetId" | "summary">;

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
