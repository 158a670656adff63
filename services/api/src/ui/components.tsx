/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type ScoreReason, VERDICTS, type Verdict } from "@klinik/core";
import type { Child } from "hono/jsx";
import { formatDateTime, percent, safeHttpUrl, showBidi } from "./format.ts";
import { type Lang, type T, verdictLabel } from "./i18n.ts";
import { reasonDirection, reasonText } from "./reason-text.ts";

/**
 * Text from the outside world: always escaped by JSX, direction controls made
 * visible, and isolated so it cannot reorder the page around it.
 */
export function UserText(props: { text: string; class?: string; block?: boolean }) {
  const text = showBidi(props.text);
  return props.block ? (
    <div class={`usertext ${props.class ?? ""}`} dir="auto">
      {text}
    </div>
  ) : (
    <bdi class={props.class}>{text}</bdi>
  );
}

export function ExternalLink(props: { url: string | null; label: string; t: T }) {
  const href = safeHttpUrl(props.url);
  if (!href) {
    return props.url ? (
      <span class="muted">
        {props.t("noLink")}: <UserText text={props.url} />
      </span>
    ) : (
      <span class="muted">{props.t("noLink")}</span>
    );
  }
  return (
    <a href={href} rel="noopener noreferrer nofollow" target="_blank" class="ext">
      {props.label}
    </a>
  );
}

/** A message about the whole page: an error interrupts (alert), anything else waits its turn (status). */
export function Notice(props: { tone?: "ok" | "warn" | "error"; id?: string; children?: Child }) {
  return (
    <p
      class={props.tone ? `notice ${props.tone}` : "notice"}
      role={props.tone === "error" ? "alert" : "status"}
      id={props.id}
    >
      {props.children}
    </p>
  );
}

/** A section named by its own heading, whose id labels it for screen readers. */
export function Section(props: { id: string; title: Child; class?: string; children?: Child }) {
  return (
    <section aria-labelledby={props.id} class={props.class}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** Reason chips, each with its direction: ▲ raises the score, ▼ lowers it (said in words for screen readers). */
export function ReasonChips(props: { reasons: ScoreReason[]; lang: Lang }) {
  if (props.reasons.length === 0) return null;
  return (
    <ul class="chips">
      {props.reasons.map((r) => (
        <li class={r.weight > 0 ? "up" : "down"} title={reasonDirection(r, props.lang)}>
          <span aria-hidden="true">{r.weight > 0 ? "▲ " : "▼ "}</span>
          <bdi>{showBidi(reasonText(r, props.lang))}</bdi>
          <span class="sr-only"> ({reasonDirection(r, props.lang)})</span>
        </li>
      ))}
    </ul>
  );
}

export function ScoreMeter(props: { score: number | null; label: string }) {
  const s = props.score ?? 0;
  const level = s >= 0.75 ? "high" : s >= 0.5 ? "mid" : "low";
  return (
    <span class={`score ${level}`}>
      <meter min={0} max={1} low={0.5} high={0.75} optimum={0} value={s} aria-label={props.label}>
        {percent(props.score)}
      </meter>
      <strong>{percent(props.score)}</strong>
    </span>
  );
}

/** When a claim was seen: one date when first and last are the same minute, else both. */
export function SeenDates(props: { first: string; last: string; tz: string; lang: Lang }) {
  const first = formatDateTime(props.first, props.tz, props.lang);
  const last = formatDateTime(props.last, props.tz, props.lang);
  if (first === last) return <time datetime={props.first}>{first}</time>;
  return (
    <span class="seen-range">
      <time datetime={props.first}>{first}</time> – <time datetime={props.last}>{last}</time>
    </span>
  );
}

/** The four verdict buttons, keyed 1–4 in the order of VERDICTS. */
export function VerdictButtons(props: { lang: Lang; disabled?: boolean }) {
  return (
    <div class="verdicts">
      {VERDICTS.map((v: Verdict, i) => (
        <button
          type="submit"
          name="verdict"
          value={v}
          class={`verdict v-${v}`}
          data-key={String(i + 1)}
          disabled={props.disabled}
        >
          <kbd>{i + 1}</kbd> {verdictLabel(v, props.lang)}
        </button>
      ))}
    </div>
  );
}

export function ShortcutHelp(props: { t: T; lang: Lang; page: "queue" | "cluster" }) {
  const { t } = props;
  const moves: [string, string][] =
    props.page === "queue"
      ? [
          ["j", t("kNext")],
          ["k", t("kPrev")],
          ["Enter", t("kEnter")],
          ["o", t("kOpen")],
          ["x", t("kSelect")],
        ]
      : [
          ["j", t("kNext")],
          ["u", t("kBack")],
          ["o", t("kOpen")],
        ];
  const rows: [string, string][] = [
    ...moves,
    ...VERDICTS.map((v, i): [string, string] => [String(i + 1), `${t("kVerdict")}: ${verdictLabel(v, props.lang)}`]),
    ["?", t("kHelp")],
  ];
  return (
    <dialog id="help" aria-labelledby="help-title">
      <h2 id="help-title">{t("shortcuts")}</h2>
      <dl class="keys">
        {rows.map(([k, label]) => (
          <>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{label}</dd>
          </>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit">{t("close")}</button>
      </form>
    </dialog>
  );
}
