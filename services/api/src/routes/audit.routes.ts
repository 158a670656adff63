import type { AuditRow } from "@klinik/db";
import { z } from "zod";
import { unwrap } from "../errors.ts";
import { AUDIT_ACTION_NAMES, auditActionLabel } from "../services/audit-actions.ts";
import { auditCsvStream } from "../services/audit-csv.ts";
import { auditFilterInput, auditListInput } from "../services/audit-inputs.ts";
import { describeSummary, parseSummary } from "../services/audit-summary.ts";
import { exportAuditTrail, listAuditTrail } from "../services/audit-trail.service.ts";
import { apiApp, defineRoute } from "./define.ts";
import { list } from "./schemas.ts";

const auditSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  clinic: z.object({ id: z.string(), slug: z.string().nullable() }).nullable(),
  actor: z.object({ id: z.string().nullable(), label: z.string().nullable() }),
  action: z.string().describe(`One of: ${AUDIT_ACTION_NAMES.join(", ")}`),
  actionLabel: z.object({ id: z.string(), en: z.string() }),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  summary: z.record(z.string(), z.unknown()).nullable().describe("Before/after and facts of the change"),
  summaryText: z.string().describe("The summary as one readable line"),
  address: z.string().nullable(),
});

function auditDto(r: AuditRow) {
  return {
    id: r.id,
    createdAt: r.created_at,
    clinic: r.tenant_id ? { id: r.tenant_id, slug: r.clinic_slug } : null,
    actor: { id: r.actor_id, label: r.actor_label },
    action: r.action,
    actionLabel: { id: auditActionLabel(r.action, "id"), en: auditActionLabel(r.action, "en") },
    target: { type: r.target_type, id: r.target_id },
    summary: parseSummary(r.summary),
    summaryText: describeSummary(r.summary),
    address: r.address,
  };
}

const FILTERS =
  "Filters: action, actor (a person's id or email, or a token's name), from/to (YYYY-MM-DD in the caller's clinic timezone, `to` inclusive, or ISO timestamps), clinic (id or slug). " +
  "A clinic admin reads their clinic's trail, a province's admin also its regencies', the operator every clinic's.";

const listRoute = defineRoute({
  method: "get",
  path: "/audit",
  summary: "The audit trail, newest first",
  description: FILTERS,
  access: "clinic",
  permission: "audit.read",
  request: { query: auditListInput },
  ok: { status: 200, description: "A page of events", schema: list(auditSchema) },
  errors: [400, 403],
});

const csvRoute = defineRoute({
  method: "get",
  path: "/audit.csv",
  summary: "The audit trail as CSV (UTF-8 with BOM, CRLF, every matching row), newest first",
  description: `${FILTERS} Cells starting with = + - @, a tab or CR get a leading ' so no spreadsheet runs them.`,
  access: "clinic",
  permission: "audit.read",
  request: { query: auditFilterInput },
  ok: { status: 200, description: "CSV file", contentType: "text/csv", schema: z.string() },
  errors: [400, 403],
});

export const auditRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const r = unwrap(await listAuditTrail(c.var.deps, c.var.principal, c.req.valid("query")));
    return c.json({ data: r.rows.map(auditDto), nextCursor: r.nextCursor }, 200);
  })
  .openapi(csvRoute, async (c) => {
    const actor = c.var.principal;
    const r = unwrap(await exportAuditTrail(c.var.deps, actor, c.req.valid("query")));
    const tz = actor.tenant.timezone;
    return c.body(auditCsvStream(r.pages, { lang: "en", tz, tzLabel: tz }), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${r.filename}"`,
      "cache-control": "no-store",
    });
  });
