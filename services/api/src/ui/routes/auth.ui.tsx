/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { clientAddress } from "../../rate-limit.ts";
import { login, logout } from "../../services/auth.service.ts";
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
    const { deps } = c.var;
    const r = await login(deps, { email, password, address: clientAddress(c, deps.config.TRUST_PROXY) });
    if (!r.ok) {
      const throttled = r.error.retryAfterSec !== undefined;
      if (throttled) c.header("Retry-After", String(r.error.retryAfterSec));
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
    const { token, expiresAt } = r.value;
    deleteCookie(c, LOGIN_COOKIE, { path: "/masuk" });
    setSessionCookie(c, token, expiresAt);
    return c.redirect(next, 303);
  })
  .post("/keluar", requireUiSession, async (c) => {
    const token = sessionTokenOf(c);
    if (token) await logout(c.var.deps, token);
    clearSessionCookie(c);
    return c.redirect("/masuk", 303);
  })
  .get("/", (c) => c.redirect(sessionTokenOf(c) ? "/antrean" : "/masuk", 303));
