/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { Hono } from "hono";
import { auditCsvStream } from "../../services/audit-csv.ts";
import { auditListInput } from "../../services/audit-inputs.ts";
import { exportAuditTrail, listAuditTrail } from "../../services/audit-trail.service.ts";
import { invalidZod } from "../../services/inputs.ts";
import { invalidText, uiFailure } from "../failure.ts";
import { pageCtx } from "../page-ctx.ts";
import { AuditPage, type AuditParams } from "../pages/audit.page.tsx";
import { requireUiSession } from "../session.ts";
import type { UiEnv } from "../ui-context.ts";

const TZ_ABBR: Record<string, string> = { "Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT" };

function paramsOf(c: Context<UiEnv>): AuditParams {
  const q = (name: string, max: number) => (c.req.query(name) ?? "").trim().slice(0, max);
  return {
    aksi: q("aksi", 64),
    orang: q("orang", 254),
    dari: q("dari", 40),
    sampai: q("sampai", 40),
    klinik: q("klinik", 100),
    kursor: q("kursor", 500),
  };
}

/** The page's filters in the services' input (the same schema as the JSON API's). */
const inputOf = (p: AuditParams) =>
  auditListInput.safeParse({
    action: p.aksi,
    actor: p.orang,
    from: p.dari,
    to: p.sampai,
    clinic: p.klinik,
    cursor: p.kursor || undefined,
    limit: 50,
  });

export const auditUi = new Hono<UiEnv>()
  .get("/audit", requireUiSession, async (c) => {
    const { deps, principal: actor, t } = c.var;
    const params = paramsOf(c);
    const input = inputOf(params);
    const r = input.success ? await listAuditTrail(deps, actor, input.data) : undefined;
    if (r?.ok) return page(c, params, r.value);
    if (r && r.error.code !== "invalid_request" && r.error.code !== "not_found") return uiFailure(c, r.error);
    // Filters that cannot be used: the trail unfiltered, and why (if the reader may see it at all).
    const why = r ? r.error : input.success ? undefined : invalidZod(input.error);
    const all = await listAuditTrail(deps, actor, { limit: 50 });
    if (!all.ok) return uiFailure(c, all.error);
    const none = { aksi: "", orang: "", dari: "", sampai: "", klinik: "", kursor: "" };
    return page(c, none, all.value, why ? invalidText(t, why) : t("invalidInput"));
  })
  .get("/audit.csv", requireUiSession, async (c) => {
    const actor = c.var.principal;
    const input = inputOf({ ...paramsOf(c), kursor: "" });
    if (!input.success) return uiFailure(c, invalidZod(input.error));
    const r = await exportAuditTrail(c.var.deps, actor, input.data);
    if (!r.ok) return uiFailure(c, r.error);
    const tz = actor.tenant.timezone;
    return c.body(auditCsvStream(r.value.pages, { lang: c.var.lang, tz, tzLabel: TZ_ABBR[tz] ?? tz }), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${r.value.filename}"`,
      "cache-control": "no-store",
    });
  });

function page(
  c: Context<UiEnv>,
  params: AuditParams,
  v: Extract<Awaited<ReturnType<typeof listAuditTrail>>, { ok: true }>["value"],
  error?: string,
) {
  const actor = c.var.principal;
  return c.html(
    <AuditPage
      ctx={pageCtx(c)}
      tz={actor.tenant.timezone}
      ownClinicId={actor.tenant.id}
      params={params}
      rows={v.rows}
      nextCursor={v.nextCursor}
      clinics={v.scope.choices}
      error={error}
    />,
    error ? 400 : 200,
  );
}
