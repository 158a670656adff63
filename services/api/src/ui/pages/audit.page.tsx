/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { AuditClinic, AuditRow } from "@klinik/db";
import type { Child } from "hono/jsx";
import { AUDIT_ACTION_NAMES, auditActionLabel } from "../../services/audit-actions.ts";
import { describeSummary } from "../../services/audit-summary.ts";
import { Notice, UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { Layout, type PageCtx } from "../layout.tsx";

/** The page's filters as they appear in its URL (Indonesian names, like the queue's). */
export interface AuditParams {
  aksi: string;
  orang: string;
  dari: string;
  sampai: string;
  klinik: string;
  kursor: string;
}

export function auditQuery(p: AuditParams, cursor?: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...p, kursor: cursor ?? "" })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export interface AuditPageProps {
  ctx: PageCtx & { csrf: string };
  tz: string;
  /** The reader's own clinic: its targets link to their pages. */
  ownClinicId: string;
  params: AuditParams;
  rows: AuditRow[];
  nextCursor: string | null;
  /** Clinics the reader may narrow to; the select shows when there is more than one. */
  clinics: AuditClinic[];
  error?: string | undefined;
}

const TARGET_LABEL: Record<string, { id: string; en: string }> = {
  cluster: { id: "klaim", en: "claim" },
  item: { id: "item", en: "item" },
  clarification: { id: "klarifikasi", en: "clarification" },
  source: { id: "sumber", en: "source" },
  user: { id: "orang", en: "person" },
  token: { id: "token", en: "token" },
  clinic: { id: "klinik", en: "clinic" },
  escalation: { id: "eskalasi", en: "escalation" },
};

/** What an event was about, e.g. "klaim 01a22aea" (the id's first characters). */
function targetText(r: AuditRow, lang: "id" | "en"): string {
  if (!r.target_type) return "—";
  const kind = TARGET_LABEL[r.target_type]?.[lang] ?? r.target_type;
  return r.target_id ? `${kind} ${r.target_id.slice(0, 8)}` : kind;
}

/** A page of the clinic the target belongs to, when it is the reader's own. */
function targetHref(r: AuditRow, own: string): string | undefined {
  if (r.tenant_id !== own || !r.target_id) return undefined;
  if (r.target_type === "cluster") return `/klaster/${encodeURIComponent(r.target_id)}`;
  if (r.target_type === "clarification") return `/klarifikasi/${encodeURIComponent(r.target_id)}`;
  if (r.target_type === "source") return "/sumber";
  return undefined;
}

export function AuditPage(p: AuditPageProps) {
  const { t, lang } = p.ctx;
  const many = p.clinics.length > 1;
  const names = new Map(p.clinics.map((c) => [c.id, c.name]));
  return (
    <Layout ctx={p.ctx} title={t("auditTitle")} page="audit" wide>
      <div class="titlebar">
        <h1>{t("auditTitle")}</h1>
        <a href={`/audit.csv${auditQuery({ ...p.params, kursor: "" })}`} class="button" download id="audit-csv">
          {t("downloadCsv")}
        </a>
      </div>
      <p class="muted">{t("auditHint")}</p>
      <Filters {...p} many={many} />
      {p.error ? <Notice tone="error">{p.error}</Notice> : null}
      {p.rows.length === 0 ? (
        <p class="empty">{t("none")}</p>
      ) : (
        <table class="audit">
          <caption class="sr-only">{t("auditTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("auditWhen")}</th>
              {many ? <th scope="col">{t("clinic")}</th> : null}
              <th scope="col">{t("auditWho")}</th>
              <th scope="col">{t("auditAction")}</th>
              <th scope="col">{t("auditTarget")}</th>
              <th scope="col">{t("auditSummary")}</th>
              <th scope="col">{t("auditAddress")}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => {
              const href = targetHref(r, p.ownClinicId);
              const target = targetText(r, lang);
              return (
                <tr data-action={r.action}>
                  <td data-label={t("auditWhen")}>
                    <time datetime={r.created_at}>{formatDateTime(r.created_at, p.tz, lang)}</time>
                  </td>
                  {many ? (
                    <td data-label={t("clinic")}>
                      {names.get(r.tenant_id ?? "") ?? r.clinic_slug ?? t("auditInstance")}
                    </td>
                  ) : null}
                  <td data-label={t("auditWho")}>
                    <UserText text={r.actor_label ?? "—"} />
                  </td>
                  <td data-label={t("auditAction")}>
                    {auditActionLabel(r.action, lang)}
                    <br />
                    <code class="muted">{r.action}</code>
                  </td>
                  <td data-label={t("auditTarget")}>{href ? <a href={href}>{target}</a> : target}</td>
                  <td data-label={t("auditSummary")} class="summary">
                    <UserText text={describeSummary(r.summary, lang)} />
                  </td>
                  <td data-label={t("auditAddress")}>{r.address ?? "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={t("next")}>
        {p.params.kursor ? <a href={`/audit${auditQuery({ ...p.params, kursor: "" })}`}>{t("firstPage")}</a> : null}
        {p.nextCursor ? (
          <a href={`/audit${auditQuery(p.params, p.nextCursor)}`} rel="next">
            {t("next")} →
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}

function Filters(p: AuditPageProps & { many: boolean }) {
  const { t, lang } = p.ctx;
  const f = p.params;
  return (
    <form method="get" action="/audit" class="filters" aria-label={t("filters")}>
      <Field id="a-aksi" label={t("auditAction")}>
        <select id="a-aksi" name="aksi">
          <option value="">{t("anyAction")}</option>
          {AUDIT_ACTION_NAMES.map((a) => (
            <option value={a} selected={f.aksi === a}>
              {auditActionLabel(a, lang)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="a-orang" label={t("auditPerson")}>
        <input id="a-orang" name="orang" type="search" value={f.orang} maxlength={254} />
      </Field>
      <Field id="a-dari" label={t("dateFrom")}>
        <input id="a-dari" name="dari" type="date" value={f.dari} />
      </Field>
      <Field id="a-sampai" label={t("dateTo")}>
        <input id="a-sampai" name="sampai" type="date" value={f.sampai} />
      </Field>
      {p.many ? (
        <Field id="a-klinik" label={t("clinic")}>
          <select id="a-klinik" name="klinik">
            <option value="">{t("allClinics")}</option>
            {p.clinics.map((c) => (
              <option value={c.slug} selected={f.klinik === c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary">
          {t("apply")}
        </button>
        <a href="/audit">{t("reset")}</a>
      </div>
    </form>
  );
}

function Field(props: { id: string; label: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}
