/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Clarification, Correction } from "@klinik/db";
import type { ArticleParts } from "../services/clarification-article.service.ts";
import { EvidenceList } from "./claim-work.tsx";
import { Notice, Section, UserText } from "./components.tsx";
import { formatDate, formatDateTime, truncate } from "./format.ts";
import { verdictLabel } from "./i18n.ts";
import type { PageCtx } from "./layout.tsx";
import { LinkedText, SafeLink } from "./linked-text.tsx";
import { VerdictLabel } from "./public-components.tsx";
import { pubHref } from "./public-layout.tsx";

/** The clarification an article renders: saved, or (the editor's preview) as typed, without an id yet. */
export type ArticleClarification = Pick<
  Clarification,
  "title" | "body" | "verdict" | "status" | "published_at" | "updated_at" | "withdrawn_at" | "withdrawn_reason"
> & { id?: string | undefined };

/**
 * A clarification as the public reads it: the verdict, the claim as it circulated, the
 * explanation, the evidence, the dates and the corrections; a withdrawn one says when and
 * why instead. The public page and every staff preview render this one component, so what
 * staff approve is what the public gets; the frame around it (public layout and link-preview
 * tags, or the staff page and its banner) is the caller's.
 */
export function ClarificationArticle(props: {
  ctx: PageCtx;
  tz: string;
  clinic: { slug: string; name: string };
  c: ArticleClarification;
  parts: ArticleParts;
}) {
  const { t, lang } = props.ctx;
  const { c, parts } = props;
  if (c.status === "withdrawn") return <WithdrawnArticle {...props} />;
  return (
    <article class="card" data-clarification={c.id}>
      <VerdictLabel verdict={c.verdict} ctx={props.ctx} big />
      <h1>
        <UserText text={c.title} />
      </h1>
      {parts.underReview ? (
        <Notice tone="warn" id="under-review">
          {t("underReview")}
        </Notice>
      ) : null}
      <dl class="meta">
        <dt>{t("pubVerdict")}</dt>
        <dd>{verdictLabel(c.verdict, lang)}</dd>
        <DateRow label={t("publishedAt")} at={c.published_at} tz={props.tz} ctx={props.ctx} />
        <DateRow label={t("updatedAt")} at={c.updated_at} tz={props.tz} ctx={props.ctx} />
        <dt>{t("pubBy")}</dt>
        <dd>
          <a href={pubHref(props.ctx, `/k/${props.clinic.slug}`)}>
            <UserText text={props.clinic.name} />
          </a>
        </dd>
      </dl>
      {parts.appearances.length > 0 ? (
        <section aria-labelledby="klaim">
          <h2 id="klaim">{t("pubClaim")}</h2>
          {parts.appearances.slice(0, 3).map((a) => (
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
      {parts.evidence.length > 0 ? (
        <section aria-labelledby="evidence-h" class="evidence-public">
          <h2 id="evidence-h">{t("evidence")}</h2>
          <EvidenceList t={t} rows={parts.evidence} />
        </section>
      ) : null}
      {parts.corrections.length > 0 ? <Corrections ctx={props.ctx} tz={props.tz} list={parts.corrections} /> : null}
      <p class="muted small">{t("pubShare")}</p>
    </article>
  );
}

function DateRow(props: { label: string; at: string | null; tz: string; ctx: PageCtx }) {
  if (!props.at) return null;
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        <time datetime={props.at}>{formatDateTime(props.at, props.tz, props.ctx.lang)}</time>
      </dd>
    </>
  );
}

/** A withdrawn clarification at its unchanged URL: that it was withdrawn, when and why; the text is gone. */
function WithdrawnArticle(props: Parameters<typeof ClarificationArticle>[0]) {
  const { t, lang } = props.ctx;
  const { c, parts } = props;
  return (
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
      {parts.corrections.length > 0 ? <Corrections ctx={props.ctx} tz={props.tz} list={parts.corrections} /> : null}
    </article>
  );
}

/** The corrections of a clarification, oldest first. */
function Corrections(props: { ctx: PageCtx; tz: string; list: Pick<Correction, "note" | "created_at">[] }) {
  const { t, lang } = props.ctx;
  return (
    <Section id="corrections-h" title={t("corrections")} class="corrections">
      <ol class="list">
        {props.list.map((x) => (
          <li data-correction>
            <time datetime={x.created_at}>{formatDateTime(x.created_at, props.tz, lang)}</time>:{" "}
            <UserText text={x.note} />
          </li>
        ))}
      </ol>
    </Section>
  );
}
