/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ClarificationStatus } from "@klinik/core";
import type { Clarification } from "@klinik/db";
import { auditActionLabel } from "../../services/audit-actions.ts";
import { parseSummary } from "../../services/audit-summary.ts";
import type { StaffArticle } from "../../services/clarification-article.service.ts";
import { ClarificationArticle } from "../clarification-article.tsx";
import { Notice, Section, UserText } from "../components.tsx";
import { formatDateTime, truncate } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";
import type { ClinicView } from "../page-ctx.ts";
import { EditorialPanel } from "./clarification-editorial.tsx";

/** A row of the list: a clarification, with its score when the list answers a search. */
type ListRow = Pick<Clarification, "id" | "title" | "status" | "verdict" | "created_at" | "published_at"> & {
  score?: number | undefined;
};

export function ClarificationListPage(props: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  rows: ListRow[];
  /** The search this list answers ("" or absent: the newest clarifications). */
  query?: string;
  /** Ids a linked claim's verdict now contradicts. */
  disagreeing: Set<string>;
  /** The reader may approve: pending ones come first, with the approve and send-back forms. */
  mayApprove: boolean;
  flash?: string | undefined;
}) {
  const { t, lang } = props.ctx;
  const query = props.query ?? "";
  const pending = props.mayApprove && !query ? props.rows.filter((c) => c.status === "pending") : [];
  return (
    <Layout ctx={props.ctx} title={t("clarificationsTitle")} page="clarifications">
      <div class="titlebar">
        <h1>{t("clarificationsTitle")}</h1>
        <a href="/klarifikasi/baru" class="button primary">
          {t("newClarification")}
        </a>
      </div>
      {props.flash ? <Notice tone="ok">{props.flash}</Notice> : null}
      <form method="get" action="/klarifikasi" class="filters" aria-label={t("searchClarifications")}>
        <div class="field grow">
          <label for="cari-klarifikasi">{t("searchClarifications")}</label>
          <input
            id="cari-klarifikasi"
            name="q"
            type="search"
            value={query}
            maxlength={4000}
            placeholder={t("searchClarificationsHint")}
          />
        </div>
        <button type="submit">{t("searchButton")}</button>
        {query ? <a href="/klarifikasi">{t("searchClear")}</a> : null}
      </form>
      {query ? (
        <p class="muted" data-search-results>
          {t("searchResultsFor")} “<UserText text={truncate(query, 120)} />”
        </p>
      ) : null}
      {pending.length > 0 ? (
        <Section id="pending-h" title={t("pendingNotice")} class="card">
          <ul class="list">
            {pending.map((c) => (
              <li data-pending={c.id}>
                <a href={`/klarifikasi/${c.id}`}>
                  <UserText text={truncate(c.title, 120)} />
                </a>{" "}
                <span class="muted">
                  {verdictLabel(c.verdict, lang)} · {formatDateTime(c.created_at, props.tz, lang)}
                </span>
                <ApprovalForms ctx={props.ctx} id={c.id} back="daftar" />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {props.rows.length === 0 ? (
        <p class="empty">{query ? t("searchNoResults") : t("none")}</p>
      ) : (
        <ul class="list">
          {props.rows.map((c) => (
            <li>
              <a href={`/klarifikasi/${c.id}`}>
                <UserText text={truncate(c.title, 120)} />
              </a>{" "}
              <StatusBadge status={c.status} t={t} />{" "}
              {props.disagreeing.has(c.id) ? <span class="badge warn">{t("disagreeBadge")}</span> : null}{" "}
              <span class="muted">
                {verdictLabel(c.verdict, lang)} · {formatDateTime(c.published_at ?? c.created_at, props.tz, lang)}
                {c.score !== undefined ? ` · ${t("searchScore")} ${Math.round(c.score * 100)}%` : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** What the view page offers the reader (decided by the service). */
export interface ClarificationMay {
  publish: boolean;
  approve: boolean;
  /** Publishing waits for a publisher's approval. */
  needsApproval: boolean;
}

export function ClarificationViewPage(
  props: ClinicView & {
    c: Clarification;
    history: { action: string; actor_label: string | null; summary: string | null; created_at: string }[];
    may: ClarificationMay;
    editorial: {
      disagreements: { cluster_id: string; verdict: string | null }[];
      mayEdit: boolean;
      mayChangePublished: boolean;
    };
    /** The article's messages, evidence and corrections, as the public page reads them. */
    article: StaffArticle;
    flash?: string | undefined;
    /** Who has the editor open now (reading never locks). */
    editing?: { name: string | null; until: string } | undefined;
  },
) {
  const { t, lang, csrf } = props.ctx;
  const c = props.c;
  const may = props.may;
  const publicUrl = `/k/${props.tenantSlug}/klarifikasi/${c.id}`;
  const sentBack =
    c.status === "draft" ? props.history.findLast((h) => h.action === "clarification.reject") : undefined;
  const reason = sentBack ? parseSummary(sentBack.summary)?.reason : undefined;
  return (
    <Layout ctx={props.ctx} title={c.title} page="clarifications" wide>
      <p class="crumbs">
        <a href="/klarifikasi">← {t("clarificationsTitle")}</a>
      </p>
      {props.flash ? <Notice tone="ok">{props.flash}</Notice> : null}
      {sentBack ? (
        <Notice tone="warn">
          {t("sentBack")} ({sentBack.actor_label ?? "—"}, {formatDateTime(sentBack.created_at, props.tz, lang)})
          {typeof reason === "string" ? (
            <>
              : <UserText text={reason} />
            </>
          ) : null}
        </Notice>
      ) : null}
      <div class="titlebar">
        <StatusBadge status={c.status} t={t} />
        <span class="muted">
          {t("linked")}: {c.item_ids.length}
        </span>
        {c.status === "published" ? (
          <a href={publicUrl} id="public-link">
            {t("publicPage")}
          </a>
        ) : c.status === "pending" && may.approve ? (
          <ApprovalForms ctx={props.ctx} id={c.id} back="klarifikasi" />
        ) : c.status === "pending" && (may.needsApproval || !may.publish) ? (
          <span id="pending-note">{t("pendingNotice")}</span>
        ) : may.publish ? (
          <form method="post" action={`/klarifikasi/${c.id}/terbitkan`} class="inline">
            <CsrfField csrf={csrf} />
            <button type="submit" class="primary" title={may.needsApproval ? t("approvalRequired") : undefined}>
              {may.needsApproval ? t("submitForApproval") : t("publish")}
            </button>
          </form>
        ) : null}
      </div>
      {c.status === "draft" && may.needsApproval ? <p class="muted">{t("approvalRequired")}</p> : null}
      {props.editing ? (
        <Notice tone="warn" id="editing-now">
          {t("editingNow")} <bdi>{props.editing.name ?? "?"}</bdi> {t("lockUntil")}{" "}
          <time datetime={props.editing.until}>{formatDateTime(props.editing.until, props.tz, lang)}</time>
        </Notice>
      ) : null}
      <EditorialPanel ctx={props.ctx} tz={props.tz} c={c} editorial={props.editorial} />
      <section class="card preview" aria-label={t("previewOf")}>
        <ClarificationArticle ctx={props.ctx} tz={props.tz} c={c} {...props.article} />
      </section>
      {props.history.length > 0 ? (
        <Section id="history-h" title={t("clarificationHistory")}>
          <ol class="list history">
            {props.history.map((h) => (
              <li>
                <span class="muted">{formatDateTime(h.created_at, props.tz, lang)}</span> ·{" "}
                {auditActionLabel(h.action, lang)} · <UserText text={h.actor_label ?? "—"} />
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
    </Layout>
  );
}

function StatusBadge(props: { status: ClarificationStatus; t: PageCtx["t"] }) {
  const { status, t } = props;
  const label =
    status === "published"
      ? t("published")
      : status === "pending"
        ? t("pending")
        : status === "withdrawn"
          ? t("withdrawn")
          : t("draft");
  const cls = status === "published" ? "v-true" : status === "pending" || status === "withdrawn" ? "warn" : "";
  return <span class={`badge ${cls}`}>{label}</span>;
}

/** Approve (publish at once) or send back to draft with a reason: for publishers and admins. */
function ApprovalForms(props: { ctx: PageCtx & { csrf: string }; id: string; back: "daftar" | "klarifikasi" }) {
  const { t, csrf } = props.ctx;
  const reasonId = `alasan-${props.id}`;
  return (
    <div class="approval">
      <form method="post" action={`/klarifikasi/${props.id}/setujui`} class="inline">
        <CsrfField csrf={csrf} />
        <input type="hidden" name="kembali" value={props.back} />
        <button type="submit" class="primary">
          {t("approve")}
        </button>
      </form>
      <form method="post" action={`/klarifikasi/${props.id}/kembalikan`} class="inline">
        <CsrfField csrf={csrf} />
        <input type="hidden" name="kembali" value={props.back} />
        <label for={reasonId}>{t("rejectReason")}</label>{" "}
        <input id={reasonId} name="alasan" type="text" required maxlength={2000} />{" "}
        <button type="submit">{t("reject")}</button>
      </form>
    </div>
  );
}
