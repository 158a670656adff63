/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { ClarificationRow, Correction } from "@klinik/db";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { jsonLdText } from "../claim-review.ts";
import { EvidenceList, type EvidenceView } from "../claim-work.tsx";
import { Notice, UserText } from "../components.tsx";
import { formatDate, formatDateTime, truncate } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import { LinkedText, SafeLink } from "../linked-text.tsx";
import { VerdictLabel } from "../public-components.tsx";
import { type PublicCtx, PublicLayout, pubHref } from "../public-layout.tsx";
import { Corrections } from "./clarification-editorial.tsx";

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

/** A published clarification at its stable public URL: the claim, the verdict, the explanation, where it circulated. */
export function PublicArticlePage(props: {
  ctx: PublicCtx & { clinic: NonNullable<PublicCtx["clinic"]> };
  tz: string;
  url: string;
  path: string;
  c: ClarificationRow;
  appearances: Appearance[];
  /** Corrections, oldest first, and whether a linked claim's verdict now contradicts the text. */
  corrections: Pick<Correction, "note" | "created_at">[];
  /** Evidence links the clinic attached (http/https only, shown with rel="noopener noreferrer nofollow"). */
  evidence?: EvidenceView[] | undefined;
  underReview: boolean;
  /** ClaimReview; none for a withdrawn clarification. */
  jsonLd: unknown;
}) {
  const { t, lang, clinic } = props.ctx;
  const { c } = props;
  const base = `/k/${clinic.slug}`;
  const head = (
    <>
      <PreviewTags ctx={props.ctx} url={props.url} c={c} siteName={clinic.name} image={clinic.logoUrl} />
      {props.jsonLd ? <script type="application/ld+json">{raw(jsonLdText(props.jsonLd))}</script> : null}
      {c.status === "withdrawn" ? <meta name="robots" content="noindex" /> : null}
    </>
  );
  if (c.status === "withdrawn") return <WithdrawnArticle {...props} head={head} />;
  return (
    <PublicLayout ctx={props.ctx} title={c.title} nav="list" path={props.path} head={head}>
      <article class="card" data-clarification={c.id}>
        <VerdictLabel verdict={c.verdict} ctx={props.ctx} big />
        <h1>
          <UserText text={c.title} />
        </h1>
        {props.underReview ? (
          <Notice tone="warn" id="under-review">
            {t("underReview")}
          </Notice>
        ) : null}
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
          {c.updated_at ? (
            <>
              <dt>{t("updatedAt")}</dt>
              <dd>
                <time datetime={c.updated_at}>{formatDateTime(c.updated_at, props.tz, lang)}</time>
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
        {props.evidence && props.evidence.length > 0 ? (
          <section aria-labelledby="evidence-h" class="evidence-public">
            <h2 id="evidence-h">{t("evidence")}</h2>
            <EvidenceList t={t} rows={props.evidence} />
          </section>
        ) : null}
        {props.corrections.length > 0 ? <Corrections ctx={props.ctx} tz={props.tz} list={props.corrections} /> : null}
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

/** A withdrawn clarification at its unchanged URL: that it was withdrawn, when and why; the text is gone. */
function WithdrawnArticle(props: Parameters<typeof PublicArticlePage>[0] & { head: Child }) {
  const { t, lang, clinic } = props.ctx;
  const { c } = props;
  return (
    <PublicLayout ctx={props.ctx} title={c.title} nav="list" path={props.path} head={props.head}>
      <article class="card" data-clarification={c.id} data-withdrawn>
        <p class="badge big warn">{t("withdrawn")}</p>
        <h1>
          <UserText text={c.title} />
        </h1>
        <Notice tone="warn" id="withdrawn-notice">
          {t("withdrawn")}{" "}
          {c.withdrawn_at ? (
            <time datetime={c.withdrawn_at}>{formatDateTime(c.withdrawn_at, props.tz, lang)}</time>
          ) : null}
          . {t("withdrawnWhy")}: <UserText text={c.withdrawn_reason ?? ""} />
        </Notice>
        {props.corrections.length > 0 ? <Corrections ctx={props.ctx} tz={props.tz} list={props.corrections} /> : null}
      </article>
      <nav class="actions" aria-label={clinic.name}>
        <a class="button secondary" href={pubHref(props.ctx, `/k/${clinic.slug}/klarifikasi`)}>
          {t("pubMore")}
        </a>
      </nav>
    </PublicLayout>
  );
}
