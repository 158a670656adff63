/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { QUEUE_STATUSES, VERDICTS } from "@klinik/core";
import type { ReviewQueueRow } from "@klinik/db";
import type { Child } from "hono/jsx";
import { Notice, ReasonChips, ScoreMeter, ShortcutHelp, UserText } from "../components.tsx";
import { formatDateTime, percent, safeHttpUrl, truncate } from "../format.ts";
import { statusLabel, verdictLabel } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";
import { type QueueParams, toQuery } from "../queue-params.ts";
import { reasonsTowardScore } from "../reason-text.ts";

export interface QueuePageProps {
  ctx: PageCtx & { csrf: string };
  tz: string;
  rows: ReviewQueueRow[];
  params: QueueParams;
  sources: { id: string; name: string }[];
  users: { id: string; name: string }[];
  nextCursor: string | undefined;
  since: string;
  flash: string | undefined;
  now: string;
  /** This page's path and query, where forms send the analyst back to. */
  here: string;
  /** A province reading a regency's queue: no bulk actions, claims open read only. */
  readOnly?: boolean;
  /** The province's clinic switcher and incoming escalations (queue-offices.tsx). */
  above?: Child;
}

export function QueuePage(p: QueuePageProps) {
  const { t, lang, csrf } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t("queueTitle")} page="queue" wide>
      <div class="titlebar">
        <h1>{t("queueTitle")}</h1>
        <p
          id="new-claims"
          class="live"
          role="status"
          aria-live="polite"
          // The poll counts the reader's own clinic: not announced over a regency's queue.
          data-since={p.readOnly ? undefined : p.since}
          data-label={t("newClaims")}
        ></p>
        <button type="button" class="link" data-open-help>
          <kbd>?</kbd> {t("shortcuts")}
        </button>
      </div>
      {p.flash ? <Notice>{p.flash}</Notice> : null}
      {p.above}
      <Filters {...p} />
      <form method="post" action="/antrean/massal" id="bulk" class="bulk">
        <CsrfField csrf={csrf} />
        <input type="hidden" name="kembali" value={p.here} />
        {p.readOnly ? null : (
          <fieldset class="bulkbar">
            <legend class="sr-only">{t("bulkAction")}</legend>
            <label class="check">
              <input type="checkbox" data-select-all /> {t("selectAll")}
            </label>
            <label for="bulk-action">{t("bulkAction")}</label>
            <select id="bulk-action" name="aksi" required>
              {/* No default: applying a verdict to many claims is a choice, never a leftover. */}
              <option value="">— {t("chooseAction")} —</option>
              {VERDICTS.map((v) => (
                <option value={`verdict:${v}`}>{verdictLabel(v, lang)}</option>
              ))}
              <option value="dismiss">{t("dismiss")}</option>
              {p.users.map((u) => (
                <option value={`assign:${u.id}`}>{`${t("assignTo")} ${u.name}`}</option>
              ))}
            </select>
            <label for="bulk-note" class="sr-only">
              {t("note")}
            </label>
            <input id="bulk-note" name="catatan" type="text" maxlength={2000} placeholder={t("note")} />
            <button type="submit">{t("bulkApply")}</button>
          </fieldset>
        )}
        {p.rows.length === 0 ? (
          <p class="empty">{t("noRows")}</p>
        ) : (
          <table class="queue">
            <caption class="sr-only">{t("queueTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="sr-only">{t("select")}</span>
                </th>
                <th scope="col">{t("score")}</th>
                <th scope="col">{t("claim")}</th>
                <th scope="col">{t("size")}</th>
                <th scope="col">{t("seen")}</th>
                <th scope="col">{t("sources")}</th>
                <th scope="col">{t("claimedBy")}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <Row row={r} {...p} />
              ))}
            </tbody>
          </table>
        )}
      </form>
      <Pager {...p} />
      <ShortcutHelp t={t} lang={lang} page="queue" />
    </Layout>
  );
}

/** Back to the first page once paged on, and on to the next while there is one. */
function Pager(p: QueuePageProps) {
  const { t } = p.ctx;
  return (
    <nav class="pager" aria-label={t("next")}>
      {p.params.cursor ? <a href={`/antrean${toQuery(p.params)}`}>{t("firstPage")}</a> : null}
      {p.nextCursor ? (
        <a href={`/antrean${toQuery(p.params, p.nextCursor)}`} rel="next">
          {t("next")} →
        </a>
      ) : null}
    </nav>
  );
}

function Row(props: QueuePageProps & { row: ReviewQueueRow }) {
  const { row: r, ctx, tz } = props;
  const { t, lang } = ctx;
  const title = r.title?.trim() ? r.title : truncate(r.excerpt, 120);
  const held = r.status === "in_review" && r.claimed_until && r.claimed_until > props.now;
  const url = safeHttpUrl(r.url);
  return (
    <tr data-id={r.id} data-url={url} class={held ? "held" : undefined}>
      <td class="sel">
        <input type="checkbox" name="ids" value={r.id} aria-label={`${t("select")}: ${truncate(title, 60)}`} />
      </td>
      <td class="sc" data-label={t("score")}>
        <ScoreMeter score={r.max_score} label={`${t("score")} ${percent(r.max_score)}`} />
      </td>
      <td class="cl">
        <a href={`/klaster/${r.id}${props.readOnly ? `?klinik=${props.params.klinik}` : ""}`} class="claim-link">
          <UserText text={truncate(title, 160)} />
        </a>
        {r.title?.trim() ? (
          <p class="excerpt">
            <UserText text={truncate(r.excerpt, 180)} />
          </p>
        ) : null}
        <ReasonChips reasons={reasonsTowardScore(r.reasons, r.max_score, 3)} lang={lang} />
        {r.matches.length > 0 ? (
          <p class="matches">
            {t("matched")}:{" "}
            {r.matches.slice(0, 2).map((m, i) => (
              <>
                {i > 0 ? "; " : ""}
                <a href={`/k/${m.clinic_slug}/klarifikasi/${m.clarification_id}`}>
                  <UserText text={truncate(m.title, 60)} />
                </a>{" "}
                <span class="muted">({m.clinic_name})</span>
              </>
            ))}
          </p>
        ) : null}
      </td>
      <td data-label={t("size")}>{r.size}</td>
      <td class="dates" data-label={t("seen")}>
        <span>{formatDateTime(r.first_seen_at, tz, lang)}</span>
        <span>{formatDateTime(r.last_seen_at, tz, lang)}</span>
      </td>
      <td data-label={t("sources")}>{r.sources.length > 0 ? r.sources.join(", ") : "—"}</td>
      <td data-label={t("claimedBy")}>
        {held ? (
          <span class="badge busy">
            {t("reviewingBy")} <bdi>{r.claimer_name ?? "?"}</bdi>
          </span>
        ) : r.verdict ? (
          <span class={`badge v-${r.verdict}`}>{verdictLabel(r.verdict, lang)}</span>
        ) : (
          <span class="badge">{statusLabel(r.status === "in_review" ? "new" : r.status, lang)}</span>
        )}
      </td>
    </tr>
  );
}

function Filters(p: QueuePageProps) {
  const { t, lang } = p.ctx;
  const f = p.params;
  return (
    <form method="get" action="/antrean" class="filters" aria-label={t("filters")}>
      {f.klinik ? <input type="hidden" name="klinik" value={f.klinik} /> : null}
      <Field id="f-q" label={t("search")} size="grow">
        <input id="f-q" name="q" type="search" value={f.q} maxlength={200} />
      </Field>
      <Field id="f-status" label={t("status")}>
        <select id="f-status" name="status">
          <option value="open" selected={f.status === "open"}>
            {t("statusOpen")}
          </option>
          {QUEUE_STATUSES.map((s) => (
            <option value={s} selected={f.status === s}>
              {statusLabel(s, lang)}
            </option>
          ))}
          <option value="all" selected={f.status === "all"}>
            {t("statusAll")}
          </option>
        </select>
      </Field>
      <ScoreBound name="min" label={t("scoreMin")} value={f.min} />
      <ScoreBound name="max" label={t("scoreMax")} value={f.max} />
      <Field id="f-src" label={t("source")}>
        <select id="f-src" name="sumber">
          <option value="">{t("anySource")}</option>
          {p.sources.map((s) => (
            <option value={s.id} selected={f.sumber === s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-dari" label={t("dateFrom")}>
        <input id="f-dari" name="dari" type="date" value={f.dari} />
      </Field>
      <Field id="f-sampai" label={t("dateTo")}>
        <input id="f-sampai" name="sampai" type="date" value={f.sampai} />
      </Field>
      <Field id="f-verdict" label={t("verdict")}>
        <select id="f-verdict" name="putusan">
          <option value="">{t("anyVerdict")}</option>
          {VERDICTS.map((v) => (
            <option value={v} selected={f.putusan === v}>
              {verdictLabel(v, lang)}
            </option>
          ))}
        </select>
      </Field>
      <div class="actions">
        <button type="submit" class="primary">
          {t("apply")}
        </button>
        <a href="/antrean">{t("reset")}</a>
      </div>
    </form>
  );
}

/** One labelled filter; `size` widens the search box or narrows the score boxes. */
function Field(props: { id: string; label: string; size?: "grow" | "small"; children: Child }) {
  return (
    <div class={props.size ? `field ${props.size}` : "field"}>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/** A bound of the score filter in percent, empty while the filter has none. */
function ScoreBound(props: { name: "min" | "max"; label: string; value: number | undefined }) {
  const id = `f-${props.name}`;
  const value = props.value === undefined ? "" : String(props.value);
  return (
    <Field id={id} label={props.label} size="small">
      <input id={id} name={props.name} type="number" min={0} max={100} step={1} value={value} />
    </Field>
  );
}
