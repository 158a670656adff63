/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ClarificationRow } from "@klinik/db";
import { UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import type { PageCtx } from "../layout.tsx";

/** What the public sees; the editor's preview renders exactly this. */
export function PublicClarification(props: {
  ctx: PageCtx;
  tz: string;
  clinicName: string;
  c: Pick<ClarificationRow, "title" | "body" | "verdict" | "published_at">;
}) {
  const { t, lang } = props.ctx;
  return (
    <article class="public">
      <p class="muted">{props.clinicName}</p>
      <p class={`badge big v-${props.c.verdict}`}>{verdictLabel(props.c.verdict, lang)}</p>
      <h1>
        <UserText text={props.c.title} />
      </h1>
      {props.c.published_at ? (
        <p class="muted">
          {t("publishedAt")} {formatDateTime(props.c.published_at, props.tz, lang)}
        </p>
      ) : null}
      <UserText text={props.c.body} block class="fulltext" />
    </article>
  );
}
