/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ClarificationRow, Correction } from "@klinik/db";
import { Notice, UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import type { PageCtx } from "../layout.tsx";
import { Corrections } from "./clarification-editorial.tsx";

/** What the public sees; the editor's preview renders exactly this. */
export function PublicClarification(props: {
  ctx: PageCtx;
  tz: string;
  clinicName: string;
  c: Pick<ClarificationRow, "title" | "body" | "verdict" | "published_at"> &
    Partial<Pick<ClarificationRow, "status" | "updated_at" | "withdrawn_at" | "withdrawn_reason">>;
  corrections?: Pick<Correction, "note" | "created_at">[] | undefined;
  underReview?: boolean | undefined;
}) {
  const { t, lang } = props.ctx;
  const c = props.c;
  // Withdrawn: the URL stays and says so and why; the withdrawn text is no longer shown.
  if (c.status === "withdrawn") {
    return (
      <article class="public withdrawn">
        <p class="muted">{props.clinicName}</p>
        <p class="badge big warn">{t("withdrawn")}</p>
        <h1>
          <UserText text={c.title} />
        </h1>
        <Notice tone="warn" id="withdrawn-notice">
          {t("withdrawn")} {c.withdrawn_at ? formatDateTime(c.withdrawn_at, props.tz, lang) : ""}. {t("withdrawnWhy")}:{" "}
          <UserText text={c.withdrawn_reason ?? ""} />
        </Notice>
      </article>
    );
  }
  return (
    <article class="public">
      <p class="muted">{props.clinicName}</p>
      <p class={`badge big v-${c.verdict}`}>{verdictLabel(c.verdict, lang)}</p>
      <h1>
        <UserText text={c.title} />
      </h1>
      {props.underReview ? (
        <Notice tone="warn" id="under-review">
          {t("underReview")}
        </Notice>
      ) : null}
      {c.published_at ? (
        <p class="muted">
          {t("publishedAt")} {formatDateTime(c.published_at, props.tz, lang)}
          {c.updated_at ? (
            <>
              {" "}
              · {t("updatedAt")} <time datetime={c.updated_at}>{formatDateTime(c.updated_at, props.tz, lang)}</time>
            </>
          ) : null}
        </p>
      ) : null}
      <UserText text={c.body} block class="fulltext" />
      {props.corrections && props.corrections.length > 0 ? (
        <Corrections ctx={props.ctx} tz={props.tz} list={props.corrections} />
      ) : null}
    </article>
  );
}
