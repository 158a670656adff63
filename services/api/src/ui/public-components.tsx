/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Verdict } from "@klinik/core";
import { UserText } from "./components.tsx";
import { formatDate } from "./format.ts";
import { verdictLabel } from "./i18n.ts";
import { type PublicCtx, pubHref } from "./public-layout.tsx";

/** A verdict as the public sees it: a coloured label with the word, never colour alone. */
export function VerdictLabel(props: { verdict: Verdict; ctx: PublicCtx; big?: boolean }) {
  return (
    <span class={`verdict v-${props.verdict}${props.big ? " big" : ""}`}>
      {verdictLabel(props.verdict, props.ctx.lang)}
    </span>
  );
}

export interface ListedClarification {
  id: string;
  title: string;
  verdict: Verdict;
  published_at: string | null;
  /** Shown on the instance-wide list: whose clarification it is. */
  clinicName?: string | undefined;
  slug: string;
}

/** Clarifications as a list of cards: verdict, title linking to its page, date (and clinic). */
export function ClarificationList(props: { ctx: PublicCtx; tz: string; rows: ListedClarification[] }) {
  const { t, lang } = props.ctx;
  if (props.rows.length === 0) return <p class="muted">{t("pubNone")}</p>;
  return (
    <ul class="list" data-clarifications>
      {props.rows.map((r) => (
        <li>
          <VerdictLabel verdict={r.verdict} ctx={props.ctx} />
          <a class="title" href={pubHref(props.ctx, `/k/${r.slug}/klarifikasi/${r.id}`)}>
            <UserText text={r.title} />
          </a>
          <span class="muted small">
            {formatDate(r.published_at, props.tz, lang)}
            {r.clinicName ? (
              <>
                {" · "}
                <UserText text={r.clinicName} />
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The search box of a clinic's pages: a GET form to the check page, works without script. */
export function SearchBox(props: { ctx: PublicCtx; slug: string; value?: string }) {
  const { t } = props.ctx;
  return (
    <form method="get" action={`/k/${props.slug}/cek`} class="stack">
      <label for="q">{t("pubSearchLabel")}</label>
      <div class="row">
        <input id="q" name="q" type="search" maxlength={2000} value={props.value ?? ""} required />
        {props.ctx.lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <div>
          <button type="submit">{t("pubSearchSubmit")}</button>
        </div>
      </div>
    </form>
  );
}
