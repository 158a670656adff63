/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { parsePauseReason } from "@klinik/core";
import { type Source, sourceDrops } from "@klinik/db";
import { parseStoredError } from "@klinik/feeds";
import { FETCHED_KINDS } from "../../services/inputs.ts";
import { Notice, Section, UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import type { Lang, MsgKey, T } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";

/** Each kind of source a clinic can add, by its label's key (a kind without one fails to compile). */
export const SOURCE_KIND_KEY: Record<(typeof FETCHED_KINDS)[number], MsgKey> = {
  rss: "skRss",
  mastodon: "skMastodon",
  youtube: "skYoutube",
  telegram: "skTelegram",
};

/** Why the source is paused, in the page's language (older free text shows as it is). */
export function pauseReasonText(stored: string, t: T): string {
  const r = parsePauseReason(stored);
  switch (r.kind) {
    case "paused":
      return t("paused");
    case "person":
      return `${t("pausedBy")} ${r.name}`;
    case "failures":
      return `${t("pausedAfter")} ${r.failures} ${t("failuresInRow")}`;
    case "text":
      return r.text;
  }
}

const HTTP_WORDS: Record<number, { id: string; en: string }> = {
  401: { id: "butuh login", en: "login required" },
  403: { id: "ditolak", en: "forbidden" },
  404: { id: "tidak ditemukan", en: "not found" },
  410: { id: "sudah dihapus", en: "gone" },
  429: { id: "terlalu banyak permintaan", en: "too many requests" },
  500: { id: "galat server", en: "server error" },
  502: { id: "gateway bermasalah", en: "bad gateway" },
  503: { id: "layanan tidak tersedia", en: "service unavailable" },
  504: { id: "gateway kehabisan waktu", en: "gateway timeout" },
};

/**
 * The last fetch error in the page's language: the feed's error code picks the
 * message; the stored English detail stays available to admins (title and a
 * folded <details>). Rows stored before codes show their detail as it is.
 */
function FetchError({ source: s, t, lang }: { source: Source; t: T; lang: Lang }) {
  if (!s.last_error) return null;
  const { code, detail } = parseStoredError(s.last_error);
  const words = s.last_status ? HTTP_WORDS[s.last_status] : undefined;
  return (
    <div class="fetch-error">
      <p class="error-text" data-error-code={code ?? undefined} title={detail}>
        {s.last_status && s.last_status >= 400 ? `HTTP ${s.last_status}${words ? ` (${words[lang]})` : ""}: ` : ""}
        {code ? t(`feedError_${code}`) : <UserText text={detail} />}
        {s.consecutive_failures > 0 ? ` — ${s.consecutive_failures} ${t("failuresInRow")}` : ""}
      </p>
      {code ? (
        <details class="muted">
          <summary>{t("feedErrorDetail")}</summary>
          <UserText text={detail} />
        </details>
      ) : null}
    </div>
  );
}

function health(s: Source, t: T): { cls: string; label: string } {
  if (s.enabled !== 1) return { cls: "warn", label: t("paused") };
  if (!s.last_fetch_at) return { cls: "", label: t("never") };
  return s.last_error ? { cls: "bad", label: t("failing") } : { cls: "good", label: t("ok") };
}

const DROP_LABEL = { cap: "dropCap", invalid: "dropInvalid", empty: "dropEmpty" } as const;

/** Entries fetched but not stored, with their reasons: nothing a feed loses is silent. */
function Drops({ source, t }: { source: Source; t: T }) {
  if (source.dropped_total === 0) return null;
  const counts = Object.entries(sourceDrops(source));
  return (
    <p class="muted drops" data-dropped={source.dropped_total}>
      {t("droppedEntries")}: {source.dropped_total}
      {counts.length ? " (" : ""}
      {counts
        .map(
          ([reason, n]) => `${n} ${reason in DROP_LABEL ? t(DROP_LABEL[reason as keyof typeof DROP_LABEL]) : reason}`,
        )
        .join("; ")}
      {counts.length ? ")" : ""}
    </p>
  );
}

export function SourcesPage(props: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  rows: Source[];
  error?: string | undefined;
}) {
  const { t, lang, csrf } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t("sourcesTitle")} page="sources" wide>
      <h1>{t("sourcesTitle")}</h1>
      {props.error ? <Notice tone="error">{props.error}</Notice> : null}
      <table class="sources">
        <caption class="sr-only">{t("sourcesTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("name")}</th>
            <th scope="col">{t("health")}</th>
            <th scope="col">{t("lastFetch")}</th>
            <th scope="col">{t("itemsAdded")}</th>
            <th scope="col">{t("nextFetch")}</th>
            <th scope="col">
              <span class="sr-only">{t("pause")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((s) => {
            const h = health(s, t);
            return (
              <tr data-source={s.id}>
                <td data-label={t("name")}>
                  <strong>
                    <UserText text={s.name} />
                  </strong>
                  <br />
                  <span class="muted url">
                    <UserText text={s.url} />
                  </span>
                </td>
                <td data-label={t("health")}>
                  <span class={`badge ${h.cls}`}>{h.label}</span>
                  <FetchError source={s} t={t} lang={lang} />
                  {s.paused_reason ? (
                    <p class="muted pause-reason">
                      <UserText text={pauseReasonText(s.paused_reason, t)} />
                    </p>
                  ) : null}
                </td>
                <td data-label={t("lastFetch")}>
                  {s.last_fetch_at ? formatDateTime(s.last_fetch_at, props.tz, lang) : t("never")}
                  {s.last_status ? <span class="muted"> · HTTP {s.last_status}</span> : null}
                </td>
                <td data-label={t("itemsAdded")}>
                  {s.items_added}
                  <Drops source={s} t={t} />
                </td>
                <td data-label={t("nextFetch")}>
                  {s.enabled === 1 ? formatDateTime(s.next_fetch_at, props.tz, lang) : "—"}
                </td>
                <td>
                  <form method="post" action={`/sumber/${s.id}/${s.enabled === 1 ? "jeda" : "lanjut"}`} class="inline">
                    <CsrfField csrf={csrf} />
                    <button type="submit">{s.enabled === 1 ? t("pause") : t("resume")}</button>
                  </form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Section id="add-h" title={t("addSource")} class="card narrow">
        <form method="post" action="/sumber" class="stack">
          <CsrfField csrf={csrf} />
          <label for="s-kind">{t("kind")}</label>
          <select id="s-kind" name="jenis">
            {FETCHED_KINDS.map((k) => (
              <option value={k}>{t(SOURCE_KIND_KEY[k])}</option>
            ))}
          </select>
          <label for="s-name">{t("name")}</label>
          <input id="s-name" name="nama" type="text" required maxlength={200} />
          <label for="s-url">{t("url")}</label>
          <input id="s-url" name="url" type="url" required maxlength={2048} placeholder="https://" />
          <label for="s-every">{t("everyMinutes")}</label>
          <input id="s-every" name="menit" type="number" min={1} max={1440} value="5" required />
          <button type="submit" class="primary">
            {t("addSource")}
          </button>
        </form>
      </Section>
    </Layout>
  );
}
