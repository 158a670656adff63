import type { Tenant } from "@klinik/db";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { requestHeader } from "../request-header.ts";
import { publicClinicOf } from "../services/intake.service.ts";
import { translator } from "./i18n.ts";
import type { PublicCtx } from "./public-layout.tsx";
import { httpsFrom, PUBLIC_PAGE_CSP } from "./session.ts";
import type { UiEnv } from "./ui-context.ts";

/**
 * Public pages speak Indonesian unless the URL says `?lang=en` (a cookie would make
 * one URL two pages for caches), and allow the clinic's https logo.
 */
export const publicBase = createMiddleware<UiEnv>(async (c, next) => {
  const lang = publicLang(c);
  c.set("lang", lang);
  c.set("t", translator(lang));
  await next();
  if (!c.res.headers.has("Content-Security-Policy")) c.header("Content-Security-Policy", PUBLIC_PAGE_CSP);
});

export function publicCtx(c: Context<UiEnv>, tenant: Tenant): PublicCtx & { clinic: NonNullable<PublicCtx["clinic"]> };
export function publicCtx(c: Context<UiEnv>, tenant?: Tenant): PublicCtx;
export function publicCtx(c: Context<UiEnv>, tenant?: Tenant): PublicCtx {
  return { t: c.var.t, lang: c.var.lang, clinic: tenant ? publicClinicOf(tenant) : undefined };
}

/** The page's path and query without `lang`: what the language switch links to. */
export function pagePath(c: Context): string {
  const u = new URL(c.req.url);
  u.searchParams.delete("lang");
  return u.pathname + (u.searchParams.size > 0 ? `?${u.searchParams}` : "");
}

/** The language of a public page: Indonesian unless the URL says `?lang=en`. */
export const publicLang = (c: Context): "id" | "en" => (c.req.query("lang") === "en" ? "en" : "id");

/** The origin absolute links are built on: PUBLIC_BASE_URL when set, else the one the reader used. */
export function publicOrigin(c: Context<UiEnv>): string {
  return originOf(c, c.var.deps.config.PUBLIC_BASE_URL);
}

function originOf(c: Context, publicBaseUrl: string | undefined): string {
  // The request URL is already normalised (node-server and Request build it with URL).
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/.exec(c.req.url);
  return originFrom(publicBaseUrl, m?.[1] ?? "http", m?.[2] ?? "", requestHeader(c, "x-forwarded-proto"));
}

/** `isHttps` and the origin on the parts of a request: URL scheme, host (as URL normalises it), X-Forwarded-Proto. */
function originFrom(
  publicBaseUrl: string | undefined,
  scheme: string,
  host: string,
  forwardedProto: string | undefined,
): string {
  if (publicBaseUrl) return publicBaseUrl.replace(/\/+$/, "");
  return `${httpsFrom(scheme, forwardedProto) ? "https" : scheme}://${host}`;
}

/**
 * Everything a public clarification page's HTML depends on besides the data: the
 * origin its absolute links are built on, its path and its language. Nothing else
 * of the request (cookies, a session, other query parameters) changes the page.
 */
export function publicPageKey(c: Context, publicBaseUrl: string | undefined): string {
  return pageKey(originOf(c, publicBaseUrl), c.req.path, publicLang(c));
}

/**
 * `publicPageKey` on the parts of a request, for the answer given before Hono
 * (public-page-fast-path.ts): `host` must be one URL leaves as it is, `lang` the
 * raw `lang` query value.
 */
export function publicPageKeyFrom(
  publicBaseUrl: string | undefined,
  req: { scheme: string; host: string; forwardedProto: string | undefined; path: string; lang: string | undefined },
): string {
  return pageKey(
    originFrom(publicBaseUrl, req.scheme, req.host, req.forwardedProto),
    req.path,
    req.lang === "en" ? "en" : "id",
  );
}

const pageKey = (origin: string, path: string, lang: "id" | "en") => `${origin}${path}|${lang}`;

/** Cursors of the public lists are publication times. */
export const isCursor = (v: string | undefined): v is string =>
  !!v && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(v);
