/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { changePassword, endAllSessions, listMySessions } from "../../services/account.service.ts";
import { passwordMessage } from "../../services/password-policy.ts";
import type { Failure } from "../../services/result.ts";
import {
  confirmTwoFactor,
  disableTwoFactor,
  startTwoFactor,
  twoFactorStatus,
} from "../../services/two-factor.service.ts";
import { uiFailure } from "../failure.ts";
import { pageCtx, setFlash, takeFlash } from "../page-ctx.ts";
import { AccountPage } from "../pages/account.page.tsx";
import { clearSessionCookie, requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

type FormError = { form: "password" | "totp"; message: string };

async function page(c: Context<UiEnv>, error?: FormError) {
  const { deps, principal } = c.var;
  const [sessions, twoFactor] = await Promise.all([listMySessions(deps, principal), twoFactorStatus(deps, principal)]);
  if (!sessions.ok) return uiFailure(c, sessions.error);
  if (!twoFactor.ok) return uiFailure(c, twoFactor.error);
  return c.html(
    <AccountPage
      ctx={pageCtx(c)}
      tz={principal.tenant.timezone}
      sessions={sessions.value}
      twoFactor={twoFactor.value}
      flash={error ? undefined : takeFlash(c)}
      error={error}
    />,
    error ? 400 : 200,
  );
}

/** A refused form is shown again with its message in the reader's language; other failures are pages. */
function refused(c: Context<UiEnv>, form: FormError["form"], f: Failure) {
  const { t, lang } = c.var;
  if (f.code === "weak_password") return page(c, { form, message: passwordMessage(f.message, lang) });
  if (f.code === "invalid_request" && f.message.startsWith("current:")) {
    return page(c, { form, message: t("wrongCurrent") });
  }
  if (f.code === "invalid_request" && form === "totp") return page(c, { form, message: t("twoFactorWrong") });
  // A form from a page that is no longer current (two-factor turned on or off meanwhile, or required now).
  if (f.code === "conflict") return page(c, { form, message: t("twoFactorStale") });
  return uiFailure(c, f);
}

const done = (c: Context<UiEnv>, message: string, anchor: string) => {
  setFlash(c, message);
  return c.redirect(`/akun#${anchor}`, 303);
};

export const accountUi = new Hono<UiEnv>()
  .get("/akun", requireUiSession, (c) => page(c))
  .post("/akun/sandi", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const next = field(form, "sandi").slice(0, 400);
    if (next !== field(form, "ulangi").slice(0, 400))
      return page(c, { form: "password", message: t("passwordsDiffer") });
    const current = field(form, "sandi_lama").slice(0, 200);
    const r = await changePassword(c.var.deps, c.var.principal, { current, next });
    if (!r.ok) return refused(c, "password", r.error);
    return done(c, t("passwordChanged"), "ganti-sandi");
  })
  .post("/akun/keluar-semua", requireUiSession, async (c) => {
    const r = await endAllSessions(c.var.deps, c.var.principal);
    if (!r.ok) return uiFailure(c, r.error);
    clearSessionCookie(c);
    return c.redirect("/masuk", 303);
  })
  .post("/akun/dua-langkah/mulai", requireUiSession, async (c) => {
    const r = await startTwoFactor(c.var.deps, c.var.principal);
    if (!r.ok) return refused(c, "totp", r.error);
    return c.redirect("/akun#dua-langkah", 303);
  })
  .post("/akun/dua-langkah/aktifkan", requireUiSession, async (c) => {
    const code = field(c.var.form, "kode").replace(/\s+/g, "").slice(0, 12);
    const r = await confirmTwoFactor(c.var.deps, c.var.principal, code);
    if (!r.ok) return refused(c, "totp", r.error);
    return done(c, c.var.t("twoFactorEnabled"), "dua-langkah");
  })
  .post("/akun/dua-langkah/matikan", requireUiSession, async (c) => {
    const { form } = c.var;
    const input = { password: field(form, "sandi").slice(0, 200), code: field(form, "kode").replace(/\s+/g, "") };
    const r = await disableTwoFactor(c.var.deps, c.var.principal, input);
    if (!r.ok) return refused(c, "totp", r.error);
    return done(c, c.var.t("twoFactorDisabled"), "dua-langkah");
  });
