/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Lang, T } from "./i18n.ts";
import { assetUrl } from "./static-assets.ts";

/** The clinic a public page speaks for: its public name, logo and contact (its settings). */
export interface PublicClinic {
  slug: string;
  name: string;
  logoUrl: string | null;
  contact: string | null;
}

/**
 * A public page's context. The language comes from `?lang=` alone (never a cookie),
 * so one URL is one page and caches can keep it.
 */
export interface PublicCtx {
  t: T;
  lang: Lang;
  clinic?: PublicClinic | undefined;
}

/** A link inside the public site, in the reader's language. */
export function pubHref(ctx: Pick<PublicCtx, "lang">, path: string): string {
  if (ctx.lang !== "en") return path;
  return `${path}${path.includes("?") ? "&" : "?"}lang=en`;
}

type Nav = "home" | "list" | "check" | "report" | "stats" | "all" | "none";

/** The public site's frame: the clinic's name and logo, its navigation, its contact; no script. */
export function PublicLayout(props: {
  ctx: PublicCtx;
  title: string;
  nav: Nav;
  path: string;
  head?: Child;
  children?: Child;
}) {
  const { t, lang, clinic } = props.ctx;
  const other = lang === "id" ? "en" : "id";
  const base = clinic ? `/k/${clinic.slug}` : "/k";
  const item = (nav: Nav, href: string, label: string) => (
    <li>
      <a href={pubHref(props.ctx, href)} aria-current={props.nav === nav ? "page" : undefined}>
        {label}
      </a>
    </li>
  );
  const switchTo = other === "en" ? `${props.path}${props.path.includes("?") ? "&" : "?"}lang=en` : props.path;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · ${clinic?.name ?? t("appName")}`}</title>
          <link rel="stylesheet" href={assetUrl("public.css")} />
          {props.head}
        </head>
        <body data-page={`public-${props.nav}`}>
          <a class="skip" href="#main">
            {t("skip")}
          </a>
          <header class="pub-top">
            <div class="pub-bar">
              <a class="pub-brand" href={pubHref(props.ctx, base)}>
                {clinic?.logoUrl ? (
                  <img src={clinic.logoUrl} alt="" width={44} height={44} />
                ) : (
                  <span class="pub-mark" aria-hidden="true">
                    KH
                  </span>
                )}
                <span class="pub-name">
                  {clinic?.name ?? t("appName")}
                  <small>
                    {clinic ? `${t("appName")} · ` : ""}
                    {t("pubTagline")}
                  </small>
                </span>
              </a>
              <a class="pub-lang" href={switchTo} hreflang={other} lang={other}>
                {t("pubLangOther")}
              </a>
            </div>
            <nav class="pub-nav" aria-label={clinic?.name ?? t("appName")}>
              <ul>
                {clinic ? item("home", base, t("pubHome")) : null}
                {clinic ? item("list", `${base}/klarifikasi`, t("pubClarifications")) : null}
                {clinic ? item("check", `${base}/cek`, t("pubCheck")) : null}
                {clinic ? item("report", `${base}/lapor`, t("pubReport")) : null}
                {item("stats", clinic ? `${base}/statistik` : "/data", t("navStats"))}
                {item("all", "/k", t("pubAllClinics"))}
              </ul>
            </nav>
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <footer class="pub-foot">
            <div>
              {clinic ? (
                <p>
                  {clinic.name}
                  {clinic.contact ? (
                    <>
                      {" · "}
                      {t("pubContact")}: <bdi data-contact>{clinic.contact}</bdi>
                    </>
                  ) : null}
                </p>
              ) : null}
              <p>
                <a href={pubHref(props.ctx, "/k")}>{t("pubBackAll")}</a>
              </p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
