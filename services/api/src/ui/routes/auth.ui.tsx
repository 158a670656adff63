/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { clientAddress } from "../../rate-limit.ts";
import { login, loginSecondStep, logout, type Signed } from "../../services/auth.service.ts";
import type { Failure } from "../../services/result.ts";
import { errorPage } from "../pages/error-page.tsx";
import { LoginPage } from "../pages/login.page.tsx";
import {
  clearSessionCookie,
  isHttps,
  LOGIN_COOKIE,
  requireUiSession,
  sessionTokenOf,
  setSessionCookie,
} from "../session.ts";
import { type FormBody, field, type UiEnv } from "../ui-context.ts";

/** Only same-site paths; "//evil" and "/\evil" would leave the site. */
function safeNext(v: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(v) && !v.startsWith("/masuk") ? v : "/antrean";
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function fromOf(c: Context<UiEnv>) {
  return { address: clientAddress(c, c.var.deps.config.TRUST_PROXY), userAgent: c.req.header("user-agent") };
}

function loginFailed(
  c: Context<UiEnv>,
  f: Failure,
  page: { loginToken: string; next: string; email?: string; challenge?: string; expired?: boolean },
) {
  const throttled = f.retryAfterSec !== undefined;
  if (throttled) c.header("Retry-After", String(f.retryAfterSec));
  const ctx = { t: c.var.t, lang: c.var.lang };
  return c.html(<LoginPage ctx={ctx} {...page} failed throttled={throttled} />, throttled ? 429 : 401);
}

/** A new session: the cookie is set, and a person whose clinic requires two-factor goes to set it up first. */
function signedIn(c: Context<UiEnv>, s: Signed, next: string) {
  deleteCookie(c, LOGIN_COOKIE, { path: "/masuk" });
  setSessionCookie(c, s.token, s.expiresAt);
  return c.redirect(next, 303);
}

/** Login is protected by a double-submit token: a random cookie echoed in the form. */
export const authUi = new Hono<UiEnv>()
  .get("/masuk", async (c) => {
    const token = randomBytes(24).toString("base64url");
    setCookie(c, LOGIN_COOKIE, token, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/masuk",
      secure: isHttps(c),
      maxAge: 3600,
    });
    const next = safeNext(c.req.query("lanjut") ?? "");
    return c.html(<LoginPage ctx={{ t: c.var.t, lang: c.var.lang }} loginToken={token} next={next} />);
  })
  .post("/masuk", async (c) => {
    const form = (await c.req.parseBody()) as FormBody;
    const cookie = getCookie(c, LOGIN_COOKIE) ?? "";
    if (cookie.length < 20 || !sameToken(field(form, "_csrf"), cookie)) return errorPage(c, 403, c.var.t("csrfFailed"));
    const email = field(form, "email").trim().toLowerCase().slice(0, 254);
    const password = field(form, "password").slice(0, 200);
    const next = safeNext(field(form, "lanjut"));
    const r = await login(c.var.deps, { email, password, ...fromOf(c) });
    if (!r.ok) return loginFailed(c, r.error, { loginToken: cookie, next, email });
    if (r.value.kind === "second_step") {
      // Password right: the second step asks for the code, carrying only the challenge.
      const ctx = { t: c.var.t, lang: c.var.lang };
      return c.html(<LoginPage ctx={ctx} loginToken={cookie} next={next} challenge={r.value.challenge} />);
    }
    return signedIn(c, r.value, next);
  })
  .post("/masuk/kode", async (c) => {
    const form = (await c.req.parseBody()) as FormBody;
    const cookie = getCookie(c, LOGIN_COOKIE) ?? "";
    if (cookie.length < 20 || !sameToken(field(form, "_csrf"), cookie)) return errorPage(c, 403, c.var.t("csrfFailed"));
    const challenge = field(form, "tantangan").slice(0, 100);
    const next = safeNext(field(form, "lanjut"));
    const otp = field(form, "kode").replace(/\s+/g, "").slice(0, 12);
    const r = await loginSecondStep(c.var.deps, { challenge, otp, ...fromOf(c) });
    if (!r.ok) {
      // A wrong code may be tried again in the same step; an expired step starts over.
      const again = r.error.code !== "unauthorized";
      return loginFailed(c, r.error, { loginToken: cookie, next, ...(again ? { challenge } : { expired: true }) });
    }
    return signedIn(c, r.value, next);
  })
  .post("/keluar", requireUiSession, async (c) => {
    await logout(c.var.deps, c.var.token, c.var.principal);
    clearSessionCookie(c);
    return c.redirect("/masuk", 303);
  })
  .get("/", (c) => c.redirect(sessionTokenOf(c) ? "/antrean" : "/masuk", 303));
