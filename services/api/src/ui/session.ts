import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { resolveActor } from "../auth.ts";
import { errorBody } from "../errors.ts";
import { requestHeader } from "../request-header.ts";
import { mustSetUpTotp } from "../services/actor.ts";
import { csrfMatches, csrfToken } from "./csrf.ts";
import { pickLang, translator } from "./i18n.ts";
import { wantsJson } from "./page-ctx.ts";
import { errorPage } from "./pages/error-page.tsx";
import type { FormBody, UiEnv } from "./ui-context.ts";

/** The web UI's content policy; `img-src` widened only where a page needs it (publicPageCsp). */
export const UI_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** A clinic's public page: the UI's policy, plus images from https (its logo, set by its admin, https only). */
export const PUBLIC_PAGE_CSP = UI_CSP.replace("img-src 'self'", "img-src 'self' https:");

export const SESSION_COOKIE = "kh_sesi";
export const LOGIN_COOKIE = "kh_masuk";
const LANG_COOKIE = "lang";

/** Secure cookies whenever the browser talks https to us (directly or through a proxy). */
export function isHttps(c: Context): boolean {
  return httpsFrom(c.req.url.startsWith("https:") ? "https" : "http", requestHeader(c, "x-forwarded-proto"));
}

/** `isHttps` on the parts of a request: its URL's scheme and its X-Forwarded-Proto header. */
export const httpsFrom = (scheme: string, forwardedProto: string | undefined) =>
  scheme === "https" || forwardedProto === "https";

export function setSessionCookie(c: Context, token: string, expiresAt: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}

export function sessionTokenOf(c: Context): string | undefined {
  const v = getCookie(c, SESSION_COOKIE);
  return v && /^[A-Za-z0-9_-]{20,100}$/.test(v) ? v : undefined;
}

/**
 * Language and the security headers of every UI response: a CSP without inline
 * script, and no caching of pages that carry a clinic's data.
 */
export const uiBase = createMiddleware<UiEnv>(async (c, next) => {
  const q = c.req.query("lang");
  const lang = pickLang(q, getCookie(c, LANG_COOKIE));
  // Public pages take their language from the URL alone (publicBase): a cookie there would
  // ride on a page that shared caches keep, so only staff pages remember the choice.
  const publicSite = c.req.path === "/k" || c.req.path.startsWith("/k/");
  if ((q === "en" || q === "id") && !publicSite) {
    setCookie(c, LANG_COOKIE, q, { sameSite: "Lax", path: "/", maxAge: 365 * 24 * 3600, secure: isHttps(c) });
  }
  c.set("lang", lang);
  c.set("t", translator(lang));
  await next();
  // A page may set a narrower or different policy itself (a clinic's public page shows its https logo).
  if (!c.res.headers.has("Content-Security-Policy")) c.header("Content-Security-Policy", UI_CSP);
  c.header("X-Frame-Options", "DENY");
  c.header("Referrer-Policy", "no-referrer");
  if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
});

/**
 * Requires the session cookie; pages redirect to the login form, other requests
 * get 401. Every POST must carry the session's CSRF token (form field `_csrf`
 * or header `x-csrf-token`), or it is refused with 403 before any handler runs.
 */
export const requireUiSession = createMiddleware<UiEnv>(async (c, next) => {
  const token = sessionTokenOf(c);
  const principal = token ? await resolveActor(c.var.deps, c, token, false) : undefined;
  if (!token || !principal) {
    if (c.req.method === "GET" && c.req.header("accept")?.includes("text/html") !== false) {
      const next = c.req.path + (new URL(c.req.url).search || "");
      return c.redirect(`/masuk?lanjut=${encodeURIComponent(next)}`, 303);
    }
    // A form sent after the session ended (idle, expired, signed out elsewhere): a page, not JSON.
    if (!wantsJson(c)) {
      const t = c.var.t;
      return errorPage(c, 401, t("sessionEnded"), { href: "/masuk", label: t("loginSubmit") });
    }
    return c.json(errorBody("unauthorized", "Login required"), 401);
  }
  c.set("principal", principal);
  c.set("token", token);
  c.set("csrf", csrfToken(token));
  // A clinic that requires two-factor: until it is set up, every page leads to the setup.
  if (mustSetUpTotp(principal) && c.req.method === "GET" && !c.req.path.startsWith("/akun")) {
    return c.redirect("/akun#dua-langkah", 303);
  }
  if (c.req.method === "POST") {
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const given = c.req.header("x-csrf-token") ?? (typeof form._csrf === "string" ? form._csrf : undefined);
    if (!csrfMatches(token, given)) return errorPage(c, 403, c.var.t("csrfFailed"));
    c.set("form", form);
  }
  return next();
});
