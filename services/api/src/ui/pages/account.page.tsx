/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { TwoFactorState } from "../../services/two-factor.service.ts";
import { Notice, Section, UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";
import { NewPasswordFields } from "./links.page.tsx";

export interface SessionView {
  created_at: string;
  last_seen_at: string | null;
  address: string | null;
  user_agent: string | null;
  current: boolean;
}

/** The caller's own account: password, sessions, two-factor sign-in. */
export function AccountPage(props: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  sessions: SessionView[];
  twoFactor: TwoFactorState;
  flash?: string | undefined;
  /** Which form an error belongs to, and what it says. */
  error?: { form: "password" | "totp"; message: string } | undefined;
}) {
  const { t, lang, csrf } = props.ctx;
  const tf = props.twoFactor;
  const errorFor = (form: "password" | "totp") =>
    props.error?.form === form ? <Notice tone="error">{props.error.message}</Notice> : null;
  return (
    <Layout ctx={props.ctx} title={t("accountTitle")} page="account">
      <h1>{t("accountTitle")}</h1>
      <p>
        <a href="/akun/notifikasi">{t("notifyTitle")}</a>
      </p>
      {props.flash ? <Notice tone="ok">{props.flash}</Notice> : null}
      {tf.required && !tf.enabled ? <Notice tone="warn">{t("twoFactorRequired")}</Notice> : null}

      <Section id="dua-langkah" title={t("twoFactorTitle")} class="card narrow">
        {errorFor("totp")}
        {tf.enabled ? (
          <>
            <p>{t("twoFactorOn")}</p>
            {tf.required ? null : (
              <form method="post" action="/akun/dua-langkah/matikan" class="stack">
                <CsrfField csrf={csrf} />
                <label for="tf-off-pass">{t("currentPassword")}</label>
                <input id="tf-off-pass" name="sandi" type="password" autocomplete="current-password" required />
                <label for="tf-off-code">{t("otpCode")}</label>
                <input
                  id="tf-off-code"
                  name="kode"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  maxlength={7}
                  required
                />
                <button type="submit">{t("twoFactorDisable")}</button>
              </form>
            )}
          </>
        ) : tf.pending ? (
          <>
            <p>{t("twoFactorScan")}</p>
            <figure class="qr" aria-label="QR">
              {raw(tf.pending.qrSvg)}
            </figure>
            <p>
              {t("twoFactorSecret")}: <code class="secret">{tf.pending.secret}</code>
            </p>
            <form method="post" action="/akun/dua-langkah/aktifkan" class="stack">
              <CsrfField csrf={csrf} />
              <label for="tf-code">{t("otpCode")}</label>
              <input id="tf-code" name="kode" inputmode="numeric" autocomplete="one-time-code" maxlength={7} required />
              <button type="submit" class="primary">
                {t("twoFactorConfirm")}
              </button>
            </form>
          </>
        ) : (
          <>
            <p>{t("twoFactorOffText")}</p>
            <form method="post" action="/akun/dua-langkah/mulai">
              <CsrfField csrf={csrf} />
              <button type="submit" class="primary">
                {t("twoFactorStart")}
              </button>
            </form>
          </>
        )}
      </Section>

      <Section id="ganti-sandi" title={t("changePassword")} class="card narrow">
        {errorFor("password")}
        <form method="post" action="/akun/sandi" class="stack">
          <CsrfField csrf={csrf} />
          <label for="sandi-lama">{t("currentPassword")}</label>
          <input id="sandi-lama" name="sandi_lama" type="password" autocomplete="current-password" required />
          <NewPasswordFields t={t} />
          <button type="submit" class="primary">
            {t("changePassword")}
          </button>
        </form>
      </Section>

      <Section id="sesi" title={t("sessionsTitle")} class="card">
        <table class="sessions">
          <thead>
            <tr>
              <th scope="col">{t("sessionStarted")}</th>
              <th scope="col">{t("sessionLastSeen")}</th>
              <th scope="col">{t("sessionFrom")}</th>
              <th scope="col">{t("sessionDevice")}</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr class={s.current ? "current" : undefined}>
                <td data-label={t("sessionStarted")}>
                  {formatDateTime(s.created_at, props.tz, lang)}
                  {s.current ? <span class="badge good"> {t("thisSession")}</span> : null}
                </td>
                <td data-label={t("sessionLastSeen")}>{formatDateTime(s.last_seen_at, props.tz, lang)}</td>
                <td data-label={t("sessionFrom")}>{s.address ? <UserText text={s.address} /> : "—"}</td>
                <td data-label={t("sessionDevice")}>
                  {s.user_agent ? <UserText text={s.user_agent} class="muted" /> : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action="/akun/keluar-semua">
          <CsrfField csrf={csrf} />
          <button type="submit">{t("endAll")}</button>
        </form>
      </Section>
    </Layout>
  );
}
