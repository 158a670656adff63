/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { ClarificationRow } from "@klinik/db";
import { raw } from "hono/html";
import type { ArticleParts } from "../../services/clarification-article.service.ts";
import { jsonLdText } from "../claim-review.ts";
import { ClarificationArticle } from "../clarification-article.tsx";
import { truncate } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import { type PublicCtx, PublicLayout, pubHref } from "../public-layout.tsx";

/** Link-preview tags (WhatsApp, Facebook, X/Twitter read these): the title and the verdict. */
function PreviewTags(props: {
  ctx: PublicCtx;
  url: string;
  c: ClarificationRow;
  siteName: string;
  image?: string | null;
}) {
  // A withdrawn clarification's preview says so and why, never its withdrawn verdict or text.
  const withdrawn = props.c.status === "withdrawn";
  const verdict = withdrawn ? props.ctx.t("withdrawn") : verdictLabel(props.c.verdict, props.ctx.lang);
  const title = `[${verdict}] ${props.c.title}`;
  const text = withdrawn ? (props.c.withdrawn_reason ?? "") : props.c.body;
  const description = truncate(text.replace(/\s+/g, " ").trim(), 200);
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
      {props.c.updated_at ? <meta property="article:modified_time" content={props.c.updated_at} /> : null}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
    </>
  );
}

/** A published clarification at its stable public URL: the article (clarification-article.tsx) in the public frame. */
export function PublicArticlePage(props: {
  ctx: PublicCtx & { clinic: NonNullable<PublicCtx["clinic"]> };
  tz: string;
  url: string;
  path: string;
  c: ClarificationRow;
  parts: ArticleParts;
  /** ClaimReview; none for a withdrawn clarification. */
  jsonLd: unknown;
}) {
  const { t, clinic } = props.ctx;
  const { c } = props;
  const base = `/k/${clinic.slug}`;
  const withdrawn = c.status === "withdrawn";
  const head = (
    <>
      <PreviewTags ctx={props.ctx} url={props.url} c={c} siteName={clinic.name} image={clinic.logoUrl} />
      {props.jsonLd ? <script type="application/ld+json">{raw(jsonLdText(props.jsonLd))}</script> : null}
      {withdrawn ? <meta name="robots" content="noindex" /> : null}
    </>
  );
  return (
    <PublicLayout ctx={props.ctx} title={c.title} nav="list" path={props.path} head={head}>
      <ClarificationArticle ctx={props.ctx} tz={props.tz} clinic={clinic} c={c} parts={props.parts} />
      <nav class="actions" aria-label={clinic.name}>
        <a class="button secondary" href={pubHref(props.ctx, `${base}/klarifikasi`)}>
          {t("pubMore")}
        </a>
        {withdrawn ? null : (
          <>
            <a class="button secondary" href={pubHref(props.ctx, `${base}/cek`)}>
              {t("pubCheck")}
            </a>
            <a class="button secondary" href={pubHref(props.ctx, `${base}/lapor`)}>
              {t("pubReport")}
            </a>
          </>
        )}
      </nav>
    </PublicLayout>
  );
}
