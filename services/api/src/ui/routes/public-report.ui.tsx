/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Tenant } from "@klinik/db";
import { normalizeTicket } from "@klinik/db";
import type { Context } from "hono";
import { Hono } from "hono";
import { clientAddress } from "../../rate-limit.ts";
import { invalidZod, reportInput } from "../../services/inputs.ts";
import { publicClinic, submitReport } from "../../services/intake.service.ts";
import { reportStatus } from "../../services/public-site.service.ts";
import { checkMessage, MAX_SEARCH_CHARS } from "../../services/search.service.ts";
import { invalidText } from "../failure.ts";
import { ReportFormPage, type ReportValues, TicketPage } from "../pages/public-report.page.tsx";
import { pagePath, publicCtx } from "../public-ctx.ts";
import { publicFailure } from "../public-failure.tsx";
import { pubHref } from "../public-layout.tsx";
import { type FormBody, field, type UiEnv } from "../ui-context.ts";

const EMPTY: ReportValues = { text: "", url: "", contact: "" };
/** Each clinic's form has its own stamps: one harvested on one clinic's page does not open another's. */
const scope = (t: Tenant) => `lapor:${t.id}`;

async function form(
  c: Context<UiEnv>,
  tenant: Tenant,
  values: ReportValues,
  opts: {
    status?: 200 | 400 | 403 | 429;
    error?: string;
    suggestions?: Parameters<typeof ReportFormPage>[0]["suggestions"];
    /** A stamp this form already took (its time is spent), instead of a new one. */
    stamp?: string;
  } = {},
) {
  c.header("Cache-Control", "no-store");
  return c.html(
    <ReportFormPage
      ctx={publicCtx(c, tenant)}
      path={`/k/${tenant.slug}/lapor`}
      stamp={opts.stamp ?? (await c.var.deps.formStamp.issue(scope(tenant)))}
      retentionDays={tenant.contact_retention_days}
      values={values}
      error={opts.error}
      suggestions={opts.suggestions}
    />,
    opts.status ?? 200,
  );
}

/** The public report form, its ticket and the ticket's status page. */
export const publicReportUi = new Hono<UiEnv>()
  .get("/k/:slug/lapor", async (c) => {
    const clinic = await publicClinic(c.var.deps, c.req.param("slug"));
    if (!clinic.ok) return publicFailure(c, clinic.error);
    return form(c, clinic.value, EMPTY);
  })
  .post("/k/:slug/lapor", async (c) => {
    const { deps, t } = c.var;
    const clinic = await publicClinic(deps, c.req.param("slug"));
    if (!clinic.ok) return publicFailure(c, clinic.error);
    const tenant = clinic.value;
    const body = (await c.req.parseBody({ all: true })) as FormBody;
    const values: ReportValues = {
      // Not cut: a text over the limit (MAX_TEXT) is refused and said, not sent cut short.
      text: field(body, "teks"),
      url: field(body, "tautan").trim().slice(0, 2_000),
      contact: field(body, "kontak").trim().slice(0, 200),
    };
    // Spam: a stamp this clinic's form issued, neither too fresh nor too old, and the trap left empty.
    const cap = field(body, "_cap") || undefined;
    const stamp = await deps.formStamp.check(scope(tenant), cap);
    if (stamp !== "ok" || field(body, "situs_web") !== "") {
      const error = stamp === "too_fast" ? t("pubReportTooFast") : t("pubReportExpired");
      return form(c, tenant, values, { status: 403, error });
    }
    const parsed = reportInput.safeParse({
      text: values.text,
      url: values.url || undefined,
      contact: values.contact || undefined,
    });
    if (!parsed.success) {
      const f = invalidZod(parsed.error);
      const where = parsed.error.issues[0]?.path[0];
      const bad =
        where === "url" && f.reason === "url_format"
          ? t("pubReportUrlBad")
          : where === "text" && f.reason === "required"
            ? t("pubReportTextMissing")
            : invalidText(t, f);
      return form(c, tenant, values, { status: 400, error: bad });
    }
    const address = clientAddress(c, deps.config.TRUST_PROXY);
    // "Clarified before?": shown once, before the report is taken; `lanjut=1` sends it anyway.
    if (field(body, "lanjut") !== "1") {
      const seen = await checkMessage(deps, {
        slug: tenant.slug,
        address,
        text: parsed.data.text.slice(0, MAX_SEARCH_CHARS),
        limit: 5,
      });
      if (!seen.ok) return publicFailure(c, seen.error, tenant);
      if (seen.value.length > 0) {
        const suggestions = seen.value.map((m) => ({
          id: m.id,
          title: m.title,
          verdict: m.verdict,
          url: m.url,
          clinicName: m.clinic.name,
        }));
        // The person already took their time on this form: "send anyway" may follow at once.
        return form(c, tenant, values, { suggestions, stamp: cap });
      }
    }
    const r = await submitReport(deps, { slug: tenant.slug, address, ...parsed.data });
    if (!r.ok) return publicFailure(c, r.error, tenant);
    return c.redirect(pubHref(publicCtx(c), `/k/${tenant.slug}/laporan/${r.value.ticket}?baru=1`), 303);
  })
  .get("/k/:slug/laporan", async (c) => {
    const slug = c.req.param("slug");
    const ticket = normalizeTicket((c.req.query("kode") ?? "").slice(0, 40));
    const clinic = await publicClinic(c.var.deps, slug);
    if (!clinic.ok) return publicFailure(c, clinic.error);
    if (!ticket) return publicFailure(c, { code: "not_found", message: "Report not found" }, clinic.value);
    return c.redirect(pubHref(publicCtx(c), `/k/${clinic.value.slug}/laporan/${ticket}`), 303);
  })
  .get("/k/:slug/laporan/:code", async (c) => {
    const { deps, t } = c.var;
    const r = await reportStatus(deps, {
      slug: c.req.param("slug"),
      ticket: c.req.param("code"),
      address: clientAddress(c, deps.config.TRUST_PROXY),
    });
    if (!r.ok) {
      const clinic = await publicClinic(deps, c.req.param("slug"));
      const say = r.error.code === "not_found" ? t("pubTicketUnknown") : undefined;
      return publicFailure(c, r.error, clinic.ok ? clinic.value : undefined, say);
    }
    c.header("Cache-Control", "no-store");
    return c.html(
      <TicketPage
        ctx={publicCtx(c, r.value.tenant)}
        path={pagePath(c)}
        tz={r.value.tenant.timezone}
        status={r.value.status}
        fresh={c.req.query("baru") === "1"}
      />,
    );
  });
