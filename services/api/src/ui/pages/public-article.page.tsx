/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ClarificationRow } from "@klinik/db";
import { raw } from "hono/html";
import { jsonLdText } from "../claim-review.ts";
import { UserText } from "../components.tsx";
import { formatDate, formatDateTime, truncate } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import { LinkedText, SafeLink } from "../linked-text.tsx";
import { VerdictLabel } from "../public-components.tsx";
import { type PublicCtx, PublicLayout, pubHref } from "../public-layout.tsx";

export interface Appearance {
  id: string;
  title: string | null;
  text: string;
  url: string | null;
  published_at: string | null;
  created_at: string;
}

/** Link-preview tags (WhatsApp, Facebook, X/Twitter read these): the title and the verdict. */
function PreviewTags(props: {
  ctx: PublicCtx;
  url: string;
  c: ClarificationRow;
  siteName: string;
  image?: string | null;
}) {
  const verdict = verdictLabel(props.c.verdict, props.ctx.lang);
  const title = `[${verdict}] ${props.c.title}`;
  const description = truncate(props.c.body.replace(/\s+/g, " ").trim(), 200);
  return (
    <>
      <link rel="canonical" href={props.url} />
      <meta name="description" content={description} />
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={props.siteName} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={props.url} />
      <meta property="og:locale" content={props.ctx.lang === "en" ? "en_US" : "id_ID"} />
      {props.image ? <meta property="og:image" content={props.image} /> : null}
      {props.c.published_at ? <meta property="article:published_time" content={props.c.published_at} /> : null}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
    </>
  );
}

/** A published clarification at its stable public URL: the claim, the verdict, the explanation, where it circulated. */
export function PublicArticlePage(props: {
  ctx: PublicCtx & { clinic: NonNullable<PublicCtx["clinic"]> };
  tz: string;
  url: string;
  path: string;
  c: ClarificationRow;
  appearances: Appearance[];
  jsonLd: unknown;
}) {
  const { t, lang, clinic } = props.ctx;
  const { c } = props;
  const base = `/k/${clinic.slug}`;
  const head = (
    <>
      <PreviewTags ctx={props.ctx} url={props.url} c={c} siteName={clinic.name} image={clinic.logoUrl} />
      <script type="application/ld+json">{raw(jsonLdText(props.jsonLd))}</script>
    </>
  );
  return (
    <PublicLayout ctx={props.ctx} title={c.title} nav="list" path={props.path} head={head}>
      <article class="card" data-clarification={c.id}>
        <VerdictLabel verdict={c.verdict} ctx={props.ctx} big />
        <h1>
          <UserText text={c.title} />
        </h1>
        <dl class="meta">
          <dt>{t("pubVerdict")}</dt>
          <dd>{verdictLabel(c.verdict, lang)}</dd>
          {c.published_at ? (
            <>
              <dt>{t("publishedAt")}</dt>
              <dd>
                <time datetime={c.published_at}>{formatDateTime(c.published_at, props.tz, lang)}</time>
              </dd>
            </>
          ) : null}
          <dt>{t("pubBy")}</dt>
          <dd>
            <a href={pubHref(props.ctx, base)}>
              <UserText text={clinic.name} />
            </a>
          </dd>
        </dl>
        {props.appearances.length > 0 ? (
          <section aria-labelledby="klaim">
            <h2 id="klaim">{t("pubClaim")}</h2>
            {props.appearances.slice(0, 3).map((a) => (
              <blockquote data-appearance>
                <UserText text={truncate((a.title ? `${a.title}\n` : "") + a.text, 600)} block />
                <p class="muted small">
                  {t("pubFirstSeen")}: {formatDate(a.published_at ?? a.created_at, props.tz, lang)}
                  {a.url ? (
                    <>
                      {" · "}
                      {t("pubSource")}: <SafeLink url={a.url} />
                    </>
                  ) : null}
                </p>
              </blockquote>
            ))}
          </section>
        ) : null}
        <section aria-labelledby="penjelasan">
          <h2 id="penjelasan">{t("pubExplanation")}</h2>
          <LinkedText text={c.body} class="fulltext" />
        </section>
        <p class="muted small">{t("pubShare")}</p>
      </article>
      <nav class="actions" aria-label={clinic.name}>
        <a class="button secondary" href={pubHref(props.ctx, `${base}/klarifikasi`)}>
          {t("pubMore")}
        </a>
        <a class="button secondary" href={pubHref(props.ctx, `${base}/cek`)}>
          {t("pubCheck")}
        </a>
        <a class="button secondary" href={pubHref(props.ctx, `${base}/lapor`)}>
          {t("pubReport")}
        </a>
      </nav>
    </PublicLayout>
  );
}
