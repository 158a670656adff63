/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createSession, deleteSession } from "@klinik/db";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { checkCredentials } from "../../credentials.ts";
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

// Compared against when the email is unknown, so timing does not reveal accounts.

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
    const { db, config } = c.var.deps;
    const login = await checkCredentials(db, c.var.deps.loginThrottle, email, password);
    if (!login.ok) {
      const throttled = login.retryAfterSec !== null;
      if (throttled) c.header("Retry-After", String(login.retryAfterSec));
      return c.html(
        <LoginPage
          ctx={{ t: c.var.t, lang: c.var.lang }}
          loginToken={cookie}
          next={next}
          email={email}
          failed
          throttled={throttled}
        />,
        throttled ? 429 : 401,
      );
    }
    const { token, expiresAt } = await createSession(db, login.user, config.SESSION_TTL_HOURS);
    deleteCookie(c, LOGIN_COOKIE, { path: "/masuk" });
    setSessionCookie(c, token, expiresAt);
    return c.redirect(next, 303);
  })
  .post("/keluar", requireUiSession, async (c) => {
    const token = sessionTokenOf(c);
    if (token) await deleteSession(c.var.deps.db, token);
    clearSessionCookie(c);
    return c.redirect("/masuk", 303);
  })
  .get("/", (c) => c.redirect(getCookie(c, "kh_sesi") ? "/antrean" : "/masuk", 303));
