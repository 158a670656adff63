import { type AuditClinic, type AuditFilter, type AuditRow, auditClinics, listAudit } from "@klinik/db";
import { z } from "zod";
import { encodeCursor, parseCursor } from "../cursor.ts";
import { type Actor, denied } from "./actor.ts";
import type { AuditFilterInput, AuditListInput } from "./audit-inputs.ts";
import type { ServiceDeps } from "./deps.ts";
import { invalid, notFound, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db">;

/** Whose trail a reader sees. */
export interface AuditScope {
  /** The clinics whose rows they read; "all" for the operator (instance-wide events, e.g. unknown sign-ins, too). */
  clinics: string[] | "all";
  /** The clinics they may narrow it to: their own, a province's regencies, or every clinic. */
  choices: AuditClinic[];
}

/**
 * Who sees which part of the audit trail, decided once: the operator every clinic's
 * (and the instance's own events); a clinic admin their clinic's; the admin of a
 * province clinic also its regencies'. Everyone else is refused (`audit.read`).
 */
export async function auditScope(deps: Deps, actor: Actor): Promise<Result<AuditScope>> {
  const no = denied(actor, "audit.read");
  if (no) return no;
  if (actor.via === "session" && actor.user.operator) {
    return ok({ clinics: "all", choices: await auditClinics(deps.db, "all") });
  }
  // A province's regencies carry its id as parent; any other clinic has none.
  const choices = await auditClinics(deps.db, { id: actor.tenant.id });
  return ok({ clinics: choices.map((c) => c.id), choices });
}

/** Offset of `tz` from UTC at `at`, in minutes ("GMT+07:00" → 420). */
function offsetMinutes(tz: string, at: Date): number {
  try {
    const name =
      new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
        .formatToParts(at)
        .find((p) => p.type === "timeZoneName")?.value ?? "";
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  } catch {
    return 0;
  }
}

/**
 * A bound of the filter as a UTC ISO string (null: not a date). A day means its
 * midnight in the reader's clinic timezone, `plusDays` later: a whole day given as
 * `to` is included, its bound being the next day's start. A moment is taken as it is.
 */
function bound(v: string | undefined, tz: string, plusDays: number): string | undefined | null {
  if (!v) return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!day) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  const midnightUtc = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + plusDays);
  if (Number.isNaN(midnightUtc)) return null;
  return new Date(midnightUtc - offsetMinutes(tz, new Date(midnightUtc)) * 60_000).toISOString();
}

/** The reader's filters as the repository's, within their scope (a clinic outside it answers 404). */
function toFilter(
  actor: Actor,
  scope: AuditScope,
  input: AuditFilterInput,
): Result<Omit<AuditFilter, "limit"> & { clinic?: AuditClinic }> {
  const tz = actor.tenant.timezone;
  const from = bound(input.from, tz, 0);
  const to = bound(input.to, tz, 1);
  if (from === null) return invalid("date_format", "from: not a date");
  if (to === null) return invalid("date_format", "to: not a date");
  let clinics = scope.clinics;
  let clinic: AuditClinic | undefined;
  if (input.clinic) {
    clinic = scope.choices.find((c) => c.id === input.clinic || c.slug === input.clinic);
    if (!clinic) return notFound("Clinic");
    clinics = [clinic.id];
  }
  const who = input.actor?.trim();
  return ok({
    clinics,
    ...(clinic ? { clinic } : {}),
    action: input.action || undefined,
    // Emails are stored lower-case; a token's name as it was given.
    actor: who ? (who.includes("@") ? who.toLowerCase() : who) : undefined,
    from,
    to,
  });
}

const seqCursor = z.object({ s: z.number().int().positive() });

/** A page of the trail, newest first, and the cursor of the next (null at the end). */
export async function listAuditTrail(
  deps: Deps,
  actor: Actor,
  input: AuditListInput,
): Promise<Result<{ rows: AuditRow[]; nextCursor: string | null; scope: AuditScope }>> {
  const scope = await auditScope(deps, actor);
  if (!scope.ok) return scope;
  const filter = toFilter(actor, scope.value, input);
  if (!filter.ok) return filter;
  const cursor = parseCursor(input.cursor, seqCursor);
  if (cursor === "invalid") return invalid("cursor_invalid", "cursor: invalid");
  const rows = await listAudit(deps.db, { ...filter.value, beforeSeq: cursor?.s, limit: input.limit });
  const last = rows.at(-1);
  const nextCursor = rows.length === input.limit && last ? encodeCursor({ s: last.seq }) : null;
  return ok({ rows, nextCursor, scope: scope.value });
}

/** Rows read per query while exporting. */
const EXPORT_PAGE = 500;

/**
 * The whole trail under the filters, for the CSV export: pages are read one at a
 * time as the consumer asks for them, never all at once.
 */
export async function exportAuditTrail(
  deps: Deps,
  actor: Actor,
  input: AuditFilterInput,
): Promise<Result<{ filename: string; pages: AsyncIterable<AuditRow[]> }>> {
  const scope = await auditScope(deps, actor);
  if (!scope.ok) return scope;
  const filter = toFilter(actor, scope.value, input);
  if (!filter.ok) return filter;
  const f = filter.value;
  async function* pages() {
    for (let beforeSeq: number | undefined; ; ) {
      const rows = await listAudit(deps.db, { ...f, beforeSeq, limit: EXPORT_PAGE });
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (rows.length < EXPORT_PAGE || !last) return;
      beforeSeq = last.seq;
    }
  }
  const who = f.clinic?.slug ?? (scope.value.clinics === "all" ? "semua-klinik" : actor.tenant.slug);
  const day = new Date().toISOString().slice(0, 10);
  return ok({ filename: `audit-${who.replace(/[^A-Za-z0-9-]/g, "_")}-${day}.csv`, pages: pages() });
}
