/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { VERDICTS } from "@klinik/core";
import type { EscalationView } from "@klinik/db";
import { Notice, Section, UserText } from "../components.tsx";
import { formatDateTime, truncate } from "../format.ts";
import { type Lang, type T, verdictLabel } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";

type Ctx = PageCtx & { csrf: string };

const STATUS_CLASS = { open: "warn", answered: "good", returned: "" } as const;

function statusText(s: EscalationView["status"], t: T) {
  return s === "open" ? t("escalationOpen") : s === "answered" ? t("escalationAnswered") : t("escalationReturned");
}

/** Where a claim of an escalation opens: the regency's own page, or read only from its province. */
export const claimHref = (e: EscalationView, incoming: boolean) =>
  `/klaster/${encodeURIComponent(e.cluster_id)}${incoming ? `?klinik=${encodeURIComponent(e.tenant_id)}` : ""}`;

/** One escalation: who sent it and why, and the province's answer or why it came back. */
function EscalationItem(p: { e: EscalationView; t: T; lang: Lang; tz: string; incoming: boolean; csrf?: string }) {
  const { e, t, lang } = p;
  const title = e.claim_title?.trim() ? e.claim_title : truncate(e.claim_excerpt, 120);
  return (
    <li class="escalation" data-escalation={e.id} data-status={e.status}>
      <p>
        <span class={`badge ${STATUS_CLASS[e.status]}`}>{statusText(e.status, t)}</span>{" "}
        {p.incoming ? (
          <>
            {t("escalationFrom")} <strong data-regency-name>{e.clinic_name}</strong> ·{" "}
          </>
        ) : null}
        <a href={claimHref(e, p.incoming)}>
          <UserText text={title} />
        </a>{" "}
        <span class="muted">
          · {e.created_by_name ?? ""} · {formatDateTime(e.created_at, p.tz, lang)}
        </span>
      </p>
      {e.reason ? (
        <p>
          {t("escalationReason")}: <UserText text={e.reason} />
        </p>
      ) : null}
      {e.status !== "open" && e.answer ? (
        <div class="answer" data-answer>
          <strong>{e.status === "answered" ? t("escalationAnswer") : t("returnReason")}:</strong>
          <UserText text={e.answer} block />
          {e.status === "answered" ? (
            <p>
              {t("escalationSuggested")}: {e.verdict ? verdictLabel(e.verdict, lang) : t("escalationNoVerdict")}
            </p>
          ) : null}
        </div>
      ) : null}
      {p.incoming && e.status === "open" && p.csrf ? <AnswerForms e={e} t={t} lang={lang} csrf={p.csrf} /> : null}
    </li>
  );
}

function AnswerForms(p: { e: EscalationView; t: T; lang: Lang; csrf: string }) {
  const { e, t } = p;
  return (
    <div class="cols">
      <form method="post" action={`/eskalasi/${e.id}/jawab`} class="stack">
        <CsrfField csrf={p.csrf} />
        <label for={`a-${e.id}`}>{t("escalationAnswer")}</label>
        <textarea id={`a-${e.id}`} name="jawaban" required maxlength={10000} rows={3}></textarea>
        <label for={`v-${e.id}`}>{t("escalationSuggested")}</label>
        <select id={`v-${e.id}`} name="verdict">
          <option value="">{t("escalationNoVerdict")}</option>
          {VERDICTS.map((v) => (
            <option value={v}>{verdictLabel(v, p.lang)}</option>
          ))}
        </select>
        <button type="submit" class="primary">
          {t("answerSubmit")}
        </button>
      </form>
      <form method="post" action={`/eskalasi/${e.id}/kembalikan`} class="stack">
        <CsrfField csrf={p.csrf} />
        <label for={`r-${e.id}`}>{t("returnReason")}</label>
        <textarea id={`r-${e.id}`} name="alasan" required maxlength={2000} rows={2}></textarea>
        <button type="submit">{t("returnSubmit")}</button>
      </form>
    </div>
  );
}

export function EscalationList(p: {
  ctx: Ctx;
  tz: string;
  rows: EscalationView[];
  incoming: boolean;
  /** Answer forms for open incoming escalations (the escalations page; the queue section links there). */
  forms?: boolean;
}) {
  const { t, lang, csrf } = p.ctx;
  if (p.rows.length === 0) return <p class="muted">{t("escalationsNone")}</p>;
  return (
    <ul class="escalations">
      {p.rows.map((e) => (
        <EscalationItem e={e} t={t} lang={lang} tz={p.tz} incoming={p.incoming} csrf={p.forms ? csrf : undefined} />
      ))}
    </ul>
  );
}

export function EscalationsPage(p: {
  ctx: Ctx;
  tz: string;
  rows: EscalationView[];
  direction: "incoming" | "outgoing";
  status: string | undefined;
  flash?: string | undefined;
}) {
  const { t } = p.ctx;
  const title = p.direction === "incoming" ? t("escalationsIncoming") : t("escalationsOutgoing");
  const statuses = [
    ["", t("statusAll")],
    ["open", t("escalationOpen")],
    ["answered", t("escalationAnswered")],
    ["returned", t("escalationReturned")],
  ] as const;
  return (
    <Layout ctx={p.ctx} title={title} page="escalations" wide>
      <h1>{title}</h1>
      {p.flash ? <Notice tone="ok">{p.flash}</Notice> : null}
      <form method="get" action="/eskalasi" class="filters">
        <label for="e-status">{t("status")}</label>
        <select id="e-status" name="status">
          {statuses.map(([v, label]) => (
            <option value={v} selected={(p.status ?? "") === v}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit">{t("apply")}</button>
      </form>
      <EscalationList ctx={p.ctx} tz={p.tz} rows={p.rows} incoming={p.direction === "incoming"} forms />
    </Layout>
  );
}

/** On a regency's claim page: this claim's escalations and, when none is open, the form that hands it up. */
export function ClaimEscalations(p: {
  ctx: Ctx;
  tz: string;
  clusterId: string;
  rows: EscalationView[];
  canEscalate: boolean;
  incoming: boolean;
}) {
  const { t, csrf } = p.ctx;
  if (p.rows.length === 0 && !p.canEscalate) return null;
  const open = p.rows.some((e) => e.status === "open");
  return (
    <Section id="escalation-h" title={t("escalationsTitle")} class="card">
      <EscalationList ctx={p.ctx} tz={p.tz} rows={p.rows} incoming={p.incoming} forms={p.incoming} />
      {p.canEscalate && !open ? (
        <form method="post" action={`/klaster/${p.clusterId}/eskalasi`} class="stack">
          <CsrfField csrf={csrf} />
          <p class="muted">{t("escalateHint")}</p>
          <label for="esc-reason">{t("escalationReason")}</label>
          <textarea id="esc-reason" name="alasan" maxlength={2000} rows={2}></textarea>
          <button type="submit">{t("escalateSubmit")}</button>
        </form>
      ) : null}
    </Section>
  );
}
