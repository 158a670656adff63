/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Verdict } from "@klinik/core";
import { UserText } from "../components.tsx";
import { SearchBox, VerdictLabel } from "../public-components.tsx";
import { type PublicCtx, PublicLayout, pubHref } from "../public-layout.tsx";

export interface PublicMatch {
  id: string;
  title: string;
  verdict: Verdict;
  url: string;
  clinicName: string;
}

/** Matching published clarifications (of any clinic) as cards linking to them. */
export function MatchList(props: { ctx: PublicCtx; matches: PublicMatch[] }) {
  return (
    <ul class="list" data-matches>
      {props.matches.map((m) => (
        <li>
          <VerdictLabel verdict={m.verdict} ctx={props.ctx} />
          <a class="title" href={pubHref(props.ctx, m.url)}>
            <UserText text={m.title} />
          </a>
          <span class="muted small">
            {props.ctx.t("pubFrom")} <UserText text={m.clinicName} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** "Cek pesan": paste a message, see the clarifications that match it (a GET form; no script). */
export function CheckPage(props: {
  ctx: PublicCtx & { clinic: NonNullable<PublicCtx["clinic"]> };
  path: string;
  query: string;
  matches: PublicMatch[] | undefined;
  error?: string | undefined;
}) {
  const { t, clinic } = props.ctx;
  return (
    <PublicLayout ctx={props.ctx} title={t("pubCheck")} nav="check" path={props.path}>
      <h1>{t("pubCheckTitle")}</h1>
      <p>{t("pubCheckIntro")}</p>
      <div class="card">
        <SearchBox ctx={props.ctx} slug={clinic.slug} value={props.query} />
      </div>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.matches === undefined ? null : props.matches.length > 0 ? (
        <section aria-labelledby="hasil">
          <h2 id="hasil">{t("pubCheckResults")}</h2>
          <MatchList ctx={props.ctx} matches={props.matches} />
        </section>
      ) : (
        <div class="notice" role="status">
          <p>{t("pubCheckNothing")}</p>
          <a class="button" href={pubHref(props.ctx, `/k/${clinic.slug}/lapor`)}>
            {t("pubReport")}
          </a>
        </div>
      )}
    </PublicLayout>
  );
}

/** A public error page (404 and others): leads back into the public site, never to staff pages. */
export function PublicErrorPage(props: { ctx: PublicCtx; path: string; status: number; message: string }) {
  const { t, clinic } = props.ctx;
  return (
    <PublicLayout
      ctx={props.ctx}
      title={props.status === 404 ? t("pubNotFoundTitle") : t("pubErrorTitle")}
      nav="none"
      path={props.path}
    >
      <h1>{props.status === 404 ? t("pubNotFoundTitle") : t("pubErrorTitle")}</h1>
      <p class="notice error" data-status={props.status}>
        {props.message}
      </p>
      <div class="actions">
        {clinic ? (
          <a class="button" href={pubHref(props.ctx, `/k/${clinic.slug}`)}>
            {t("pubBackHome")}
          </a>
        ) : null}
        <a class="button secondary" href={pubHref(props.ctx, "/k")}>
          {t("pubBackAll")}
        </a>
      </div>
    </PublicLayout>
  );
}
