import type { Verdict } from "@klinik/core";
import {
  forClinic,
  getPublishedClarificationsByIds,
  listPublishedAcrossClinics,
  normalizeTicket,
  type Tenant,
} from "@klinik/db";
import { findRegion, listProvinces, listRegencies } from "@klinik/regions";
import { articleParts } from "./clarification-article.service.ts";
import type { ServiceDeps } from "./deps.ts";
import { publicClinic } from "./intake.service.ts";
import { fail, invalid, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "tenants" | "reportLimiter">;

/** A clinic's home: its newest published clarifications. */
export async function clinicHome(deps: Deps, slug: string, opts: { limit: number; before?: string | undefined }) {
  const clinic = await publicClinic(deps, slug);
  if (!clinic.ok) return clinic;
  const rows = await forClinic(deps.db, clinic.value.id).listPublishedClarifications(opts);
  return ok({ tenant: clinic.value, rows });
}

/**
 * A published clarification with the messages it answers (how the claim circulated), its
 * corrections and whether a linked claim's verdict now contradicts it; a withdrawn one keeps
 * its URL (the page says so and why, without the messages).
 */
export async function clarificationView(deps: Deps, slug: string, id: string) {
  const clinic = await publicClinic(deps, slug);
  if (!clinic.ok) return clinic;
  const db = forClinic(deps.db, clinic.value.id);
  const row = await db.getClarification(id);
  if (!row || (row.status !== "published" && row.status !== "withdrawn"))
    return fail("not_found", "Clarification not found");
  return ok({ tenant: clinic.value, clarification: row, parts: await articleParts(db, row) });
}

const REGION = /^\d{2}(\.\d{2})?$/;

/** Every clinic's published clarifications, filtered by a province ("32") or a regency/city ("32.73"). */
export async function instanceListing(
  deps: Deps,
  input: { province?: string | undefined; regency?: string | undefined; before?: string | undefined; limit: number },
) {
  const province = input.province || undefined;
  const regency = input.regency || undefined;
  for (const code of [province, regency]) {
    if (code && (!REGION.test(code) || !(await findRegion(code))))
      return invalid("region_unknown", `region: unknown code ${code.slice(0, 10)}`);
  }
  // A regency outside the chosen province is a stale form: the province wins.
  const region = regency && (!province || regency.startsWith(`${province}.`)) ? regency : province;
  const rows = await listPublishedAcrossClinics(deps.db, { region, limit: input.limit, before: input.before });
  return ok({
    rows,
    provinces: await listProvinces(),
    regencies: province ? await listRegencies(province) : [],
    province,
    regency: region === regency ? regency : undefined,
  });
}

export type ReportStage = "received" | "in_review" | "decided" | "clarified";

export interface ReportStatus {
  ticket: string;
  receivedAt: string;
  stage: ReportStage;
  verdict: Verdict | null;
  /** The published clarification answering the report (of this clinic or another). */
  clarification: { id: string; title: string; verdict: Verdict; path: string } | null;
}

/**
 * A report's progress by its ticket; never its contact. Only lookups of unknown
 * tickets count against the public rate limit (guessing), so a reporter can reload.
 */
export async function reportStatus(
  deps: Deps,
  input: { slug: string; ticket: string; address: string },
): Promise<Result<{ tenant: Tenant; status: ReportStatus }>> {
  const clinic = await publicClinic(deps, input.slug);
  if (!clinic.ok) return clinic;
  const ticket = normalizeTicket(input.ticket.slice(0, 40));
  const p = ticket ? await forClinic(deps.db, clinic.value.id).reportProgress(ticket) : undefined;
  if (!p) {
    const wait = await deps.reportLimiter.hit(input.address);
    if (wait > 0) return fail("rate_limited", `Too many requests from this address; try again in ${wait} s`, wait);
    return fail("not_found", "Report not found");
  }
  const found = await getPublishedClarificationsByIds(deps.db, p.clarificationIds.slice(0, 20));
  // The clinic's own linked clarification first, then the closest match.
  const c = p.clarificationIds.map((id) => found.find((f) => f.id === id)).find((f) => f !== undefined);
  const done = p.itemStatus === "done" || p.itemStatus === "dismissed" || p.verdict !== null;
  const stage: ReportStage = c
    ? "clarified"
    : done
      ? "decided"
      : p.itemStatus === "in_review"
        ? "in_review"
        : "received";
  return ok({
    tenant: clinic.value,
    status: {
      ticket: p.ticket,
      receivedAt: p.receivedAt,
      stage,
      verdict: p.verdict ?? c?.verdict ?? null,
      clarification: c
        ? { id: c.id, title: c.title, verdict: c.verdict, path: `/k/${c.clinic_slug}/klarifikasi/${c.id}` }
        : null,
    },
  });
}
