/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { VERDICTS } from "@klinik/core";
import { ActionNotice } from "../claim-work.tsx";
import { ShortcutHelp } from "../components.tsx";
import { verdictLabel } from "../i18n.ts";
import { CsrfField, Layout } from "../layout.tsx";
import { toQuery } from "../queue-params.ts";
import { Conflicts, Filters } from "./queue-filters.tsx";
import type { QueuePageProps } from "./queue-props.ts";
import { Row } from "./queue-row.tsx";

export type { QueuePageProps } from "./queue-props.ts";

export function QueuePage(p: QueuePageProps) {
  const { t, lang, csrf } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t("queueTitle")} page="queue" wide>
      <div class={p.params.ringkas ? "queue-page compact" : "queue-page"}>
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
          <a
            href={`/antrean${toQuery({ ...p.params, cursor: undefined, ringkas: !p.params.ringkas })}`}
            class="view-toggle"
          >
            {p.params.ringkas ? t("roomyView") : t("compactView")}
          </a>
          <button type="button" class="link" data-open-help>
            <kbd>?</kbd> {t("shortcuts")}
          </button>
        </div>
        <ActionNotice t={t} csrf={csrf} flash={p.flash} undo={p.undo} back={p.here} />
        <div id="js-notice" aria-live="polite" data-undo={t("undo")}></div>
        {p.above}
        <Filters {...p} />
        <Conflicts {...p} />
        <form
          method="post"
          action="/antrean/massal"
          id="bulk"
          class="bulk"
          data-confirm={t("confirmBulk")}
          data-none={t("selectClaims")}
        >
          <CsrfField csrf={csrf} />
          <input type="hidden" name="kembali" value={p.here} />
          {p.readOnly ? null : (
            <details class="fold" open data-fold>
              <summary>{t("bulkAction")}</summary>
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
            </details>
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
                  <th scope="col">{t("firstLast")}</th>
                  <th scope="col">{t("sources")}</th>
                  <th scope="col">{t("statusLabelCol")}</th>
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
      </div>
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
