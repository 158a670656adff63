import type { Tenant } from "@klinik/db";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { publicClinicOf } from "../services/public-site.service.ts";
import { translator } from "./i18n.ts";
import type { PublicCtx } from "./public-layout.tsx";
import { isHttps, PUBLIC_PAGE_CSP } from "./session.ts";
import type { UiEnv } from "./ui-context.ts";

/**
 * Public pages speak Indonesian unless the URL says `?lang=en` (a cookie would make
 * one URL two pages for caches), and allow the clinic's https logo.
 */
export const publicBase = createMiddleware<UiEnv>(async (c, next) => {
  const lang = c.req.query("lang") === "en" ? "en" : "id";
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

/** The origin absolute links are built on: PUBLIC_BASE_URL when set, else the one the reader used. */
export function publicOrigin(c: Context<UiEnv>): string {
  const set = c.var.deps.config.PUBLIC_BASE_URL;
  if (set) return set.replace(/\/+$/, "");
  const u = new URL(c.req.url);
  return `${isHttps(c) ? "https" : u.protocol.replace(":", "")}://${u.host}`;
}

/** Cursors of the public lists are publication times. */
export const isCursor = (v: string | undefined): v is string =>
  !!v && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(v);
