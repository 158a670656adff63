/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { VERDICTS } from "@klinik/core";
import type { ReviewQueueRow } from "@klinik/db";
import { ReasonChips, ScoreMeter, SeenDates, UserText } from "../components.tsx";
import { formatDateTime, percent, safeHttpUrl, truncate } from "../format.ts";
import { statusLabel, verdictLabel } from "../i18n.ts";
import { reasonsTowardScore } from "../reason-text.ts";
import type { QueuePageProps } from "./queue-props.ts";

/** One claim of the queue: a table row on a laptop, a card on a phone (with quick verdicts). */
export function Row(props: QueuePageProps & { row: ReviewQueueRow }) {
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
      <td class="dates" data-label={t("seenAt")}>
        <SeenDates first={r.first_seen_at} last={r.last_seen_at} tz={tz} lang={lang} />
      </td>
      <td data-label={t("sources")}>{r.sources.length > 0 ? r.sources.join(", ") : "—"}</td>
      <td data-label={t("statusLabelCol")}>
        {held ? (
          <span class="badge busy">
            {t("reviewingBy")} <bdi>{r.claimer_name ?? "?"}</bdi>
          </span>
        ) : r.verdict ? (
          <span class={`badge v-${r.verdict}`}>{verdictLabel(r.verdict, lang)}</span>
        ) : (
          <span class="badge">{statusLabel(r.status === "in_review" ? "new" : r.status, lang)}</span>
        )}
        {r.assignee_id ? (
          <span class="assignee">
            {" "}
            → <bdi>{r.assignee_name ?? "?"}</bdi>
            {r.due_at ? (
              <span class="muted">
                {" "}
                · {t("due")} {formatDateTime(r.due_at, tz, lang)}
              </span>
            ) : null}
          </span>
        ) : null}
        {props.readOnly || r.status === "done" || r.status === "dismissed" ? null : (
          <QuickVerdicts {...props} row={r} />
        )}
      </td>
    </tr>
  );
}

/** One-tap verdicts on each card (phones): the same route as the claim page's, then back to this queue. */
function QuickVerdicts(props: QueuePageProps & { row: ReviewQueueRow }) {
  const { t, lang } = props.ctx;
  return (
    <fieldset class="quick">
      <legend class="sr-only">{t("quickVerdict")}</legend>
      {VERDICTS.map((v) => (
        <button
          type="submit"
          formaction={`/klaster/${props.row.id}/putusan`}
          formnovalidate
          name="verdict"
          value={v}
          class={`verdict v-${v}`}
          data-quick={v}
        >
          {verdictLabel(v, lang)}
        </button>
      ))}
    </fieldset>
  );
}
