/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { clientAddress } from "../../rate-limit.ts";
import { acceptInvitation, describeLink, useReset } from "../../services/account.service.ts";
import { passwordMessage } from "../../services/password-policy.ts";
import type { Failure } from "../../services/result.ts";
import { errorPage } from "../pages/error-page.tsx";
import { SetPasswordPage } from "../pages/links.page.tsx";
import { isHttps, setSessionCookie } from "../session.ts";
import { type FormBody, field, type UiEnv } from "../ui-context.ts";

// The pages a one-time link opens (public: the link's token is the credential). Their forms
// carry a double-submit token like the login form, as no session exists yet.

const FORM_COOKIE = "kh_tautan";
const PATHS = { invite: "/undangan", reset: "/atur-sandi" } as const;
type Purpose = keyof typeof PATHS;

const isLinkToken = (v: string | undefined): v is string => !!v && /^[A-Za-z0-9_-]{20,100}$/.test(v);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return b.length >= 20 && x.length === y.length && timingSafeEqual(x, y);
}

function unusable(c: Context<UiEnv>) {
  return errorPage(c, 410, c.var.t("linkUnusable"));
}

async function showForm(c: Context<UiEnv>, purpose: Purpose, token: string, formToken: string, error?: string) {
  const link = await describeLink(c.var.deps, token, purpose);
  if (!link.ok) return unusable(c);
  const ctx = { t: c.var.t, lang: c.var.lang };
  const action = `${PATHS[purpose]}/${token}`;
  return c.html(
    <SetPasswordPage
      ctx={ctx}
      purpose={purpose}
      action={action}
      formToken={formToken}
      link={link.value}
      error={error}
    />,
    error ? 400 : 200,
  );
}

function failedPage(c: Context<UiEnv>, purpose: Purpose, token: string, formToken: string, f: Failure) {
  if (f.code === "weak_password") return showForm(c, purpose, token, formToken, passwordMessage(f.message, c.var.lang));
  if (f.code === "conflict") return errorPage(c, 409, c.var.t("emailTaken"));
  if (f.code === "link_unusable") return unusable(c);
  return errorPage(c, 400, f.message);
}

const linkPages = (purpose: Purpose) =>
  new Hono<UiEnv>()
    .get(`${PATHS[purpose]}/:token`, async (c) => {
      const token = c.req.param("token");
      if (!isLinkToken(token)) return unusable(c);
      const formToken = randomBytes(24).toString("base64url");
      setCookie(c, FORM_COOKIE, formToken, {
        httpOnly: true,
        sameSite: "Strict",
        path: PATHS[purpose],
        secure: isHttps(c),
        maxAge: 3600,
      });
      // The token stays out of Referer headers and logs of other sites.
      c.header("Referrer-Policy", "no-referrer");
      return showForm(c, purpose, token, formToken);
    })
    .post(`${PATHS[purpose]}/:token`, async (c) => {
      const token = c.req.param("token");
      const form = (await c.req.parseBody()) as FormBody;
      const cookie = getCookie(c, FORM_COOKIE) ?? "";
      if (!sameToken(field(form, "_csrf"), cookie)) return errorPage(c, 403, c.var.t("csrfFailed"));
      if (!isLinkToken(token)) return unusable(c);
      const password = field(form, "sandi").slice(0, 400);
      if (password !== field(form, "ulangi").slice(0, 400)) {
        return showForm(c, purpose, token, cookie, c.var.t("passwordsDiffer"));
      }
      const from = { address: clientAddress(c, c.var.deps.config.TRUST_PROXY), userAgent: c.req.header("user-agent") };
      const use = purpose === "invite" ? acceptInvitation : useReset;
      const r = await use(c.var.deps, token, password, from);
      if (!r.ok) return failedPage(c, purpose, token, cookie, r.error);
      deleteCookie(c, FORM_COOKIE, { path: PATHS[purpose] });
      setSessionCookie(c, r.value.token, r.value.expiresAt);
      return c.redirect("/antrean", 303);
    });

export const linksUi = new Hono<UiEnv>().route("/", linkPages("invite")).route("/", linkPages("reset"));
