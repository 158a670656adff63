/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SessionPrincipal } from "@klinik/db";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { can } from "../services/actor.ts";
import type { Lang, T } from "./i18n.ts";
import { assetUrl } from "./static-assets.ts";

export interface PageCtx {
  t: T;
  lang: Lang;
  principal?: SessionPrincipal | undefined;
  csrf?: string | undefined;
}

export function Layout(props: { ctx: PageCtx; title: string; page: string; children?: Child; wide?: boolean }) {
  const { t, lang, principal, csrf } = props.ctx;
  const other = lang === "id" ? "en" : "id";
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* Staff pages (drafts, previews) are never for search engines, even if a link leaks. */}
          <meta name="robots" content="noindex, nofollow" />
          {csrf ? <meta name="csrf-token" content={csrf} /> : null}
          <title>{`${props.title} · ${t("appName")}`}</title>
          <link rel="stylesheet" href={assetUrl("app.css")} />
          <script src={assetUrl("app.js")} defer></script>
          {principal ? (
            <>
              <meta
                name="notify-stream"
                content="/notifikasi/aliran"
                data-open={t("notifyOpen")}
                data-close={t("notifyClose")}
              />
              <script src={assetUrl("notify.js")} defer></script>
            </>
          ) : null}
        </head>
        <body data-page={props.page}>
          <a class="skip" href="#main">
            {t("skip")}
          </a>
          <header class="top">
            <div class="brand">
              <span class="logo" aria-hidden="true">
                KH
              </span>
              <span>
                {t("appName")}
                {principal ? <span class="clinic"> · {principal.tenant.name}</span> : null}
              </span>
            </div>
            {principal ? (
              <nav aria-label={t("appName")}>
                <ul>
                  <li>
                    <a href="/antrean" aria-current={props.page === "queue" ? "page" : undefined}>
                      {t("navQueue")}
                    </a>
                  </li>
                  <li>
                    <a href="/klarifikasi" aria-current={props.page === "clarifications" ? "page" : undefined}>
                      {t("navClarifications")}
                    </a>
                  </li>
                  {can(principal, "stats.read") ? (
                    <li>
                      <a href="/statistik" aria-current={props.page === "stats" ? "page" : undefined}>
                        {t("navStats")}
                      </a>
                    </li>
                  ) : null}
                  {principal.user.role === "admin" ? (
                    <li>
                      <a href="/sumber" aria-current={props.page === "sources" ? "page" : undefined}>
                        {t("navSources")}
                      </a>
                    </li>
                  ) : null}
                  {principal.tenant.kind === "province" || principal.tenant.kind === "regency" ? (
                    <li>
                      <a href="/eskalasi" aria-current={props.page === "escalations" ? "page" : undefined}>
                        {t("navEscalations")}
                      </a>
                    </li>
                  ) : null}
                  {principal.tenant.kind === "province" ? (
                    <li>
                      <a href="/provinsi" aria-current={props.page === "province" ? "page" : undefined}>
                        {t("navProvince")}
                      </a>
                    </li>
                  ) : null}
                  {can(principal, "people.manage") ? (
                    <li>
                      <a href="/orang" aria-current={props.page === "people" ? "page" : undefined}>
                        {t("navPeople")}
                      </a>
                    </li>
                  ) : null}
                  {can(principal, "token.manage") ? (
                    <li>
                      <a href="/token" aria-current={props.page === "tokens" ? "page" : undefined}>
                        {t("navTokens")}
                      </a>
                    </li>
                  ) : null}
                  {can(principal, "model.train") ? (
                    <li>
                      <a href="/model" aria-current={props.page === "model" ? "page" : undefined}>
                        {t("navModel")}
                      </a>
                    </li>
                  ) : null}
                  {can(principal, "clinic.settings") ? (
                    <li>
                      <a href="/pengaturan" aria-current={props.page === "settings" ? "page" : undefined}>
                        {t("navSettings")}
                      </a>
                    </li>
                  ) : null}
                  {can(principal, "clinic.create") ? (
                    <li>
                      <a href="/klinik" aria-current={props.page === "clinics" ? "page" : undefined}>
                        {t("navClinics")}
                      </a>
                    </li>
                  ) : null}
                  {can(principal, "instance.operate") ? (
                    <li>
                      <a href="/model/instansi" aria-current={props.page === "instance-model" ? "page" : undefined}>
                        {t("navInstanceModel")}
                      </a>
                    </li>
                  ) : null}
                  {can(principal, "audit.read") ? (
                    <li>
                      <a href="/audit" aria-current={props.page === "audit" ? "page" : undefined}>
                        {t("navAudit")}
                      </a>
                    </li>
                  ) : null}
                </ul>
              </nav>
            ) : null}
            <div class="who">
              <a href={`?lang=${other}`} hreflang={other} lang={other} title={t("langSwitch")}>
                {t("language")}
              </a>
              {principal && csrf ? (
                <form method="post" action="/keluar" class="inline">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <a
                    href="/akun"
                    class="user"
                    title={t("navAccount")}
                    aria-current={props.page === "account" ? "page" : undefined}
                  >
                    {principal.user.name}
                  </a>{" "}
                  <button type="submit" class="link">
                    {t("logout")}
                  </button>
                </form>
              ) : null}
            </div>
          </header>
          <main id="main" class={props.wide ? "wide" : undefined} tabindex={-1}>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

export function CsrfField(props: { csrf: string }) {
  return <input type="hidden" name="_csrf" value={props.csrf} />;
}
