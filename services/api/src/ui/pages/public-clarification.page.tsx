/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ClarificationRow } from "@klinik/db";
import { UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import { Layout, type PageCtx } from "../layout.tsx";

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

/** A clarification at its public URL, under the clinic's public name, logo and contact (its settings). */
export function PublicClarificationPage(props: {
  ctx: PageCtx;
  tz: string;
  clinicName: string;
  logoUrl?: string | null;
  contact?: string | null;
  c: ClarificationRow;
}) {
  return (
    <Layout ctx={props.ctx} title={props.c.title} page="public">
      {props.logoUrl ? <img class="clinic-logo" src={props.logoUrl} alt={props.clinicName} height={48} /> : null}
      <PublicClarification {...props} />
      {props.contact ? (
        <p class="muted" data-contact>
          <UserText text={props.contact} />
        </p>
      ) : null}
    </Layout>
  );
}
