/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Notice } from "../components.tsx";
import { Layout, type PageCtx } from "../layout.tsx";

export function LoginPage(props: {
  ctx: PageCtx;
  loginToken: string;
  next: string;
  email?: string | undefined;
  failed?: boolean;
  throttled?: boolean;
  /** Password right, two-factor code next: the second step's form. */
  challenge?: string | undefined;
  /** The second step took too long (or was used): start again. */
  expired?: boolean | undefined;
}) {
  const { t } = props.ctx;
  const problem = props.throttled
    ? t("loginThrottled")
    : props.expired
      ? t("otpExpired")
      : props.challenge
        ? t("otpWrong")
        : t("loginFailed");
  return (
    <Layout ctx={props.ctx} title={t("loginTitle")} page="login">
      <section class="card narrow" aria-labelledby="login-title">
        <h1 id="login-title">{props.challenge ? t("otpTitle") : t("loginTitle")}</h1>
        {props.failed ? <Notice tone="error">{problem}</Notice> : null}
        {props.challenge ? (
          <form method="post" action="/masuk/kode" class="stack">
            <input type="hidden" name="_csrf" value={props.loginToken} />
            <input type="hidden" name="lanjut" value={props.next} />
            <input type="hidden" name="tantangan" value={props.challenge} />
            <p>{t("otpHint")}</p>
            <label for="kode">{t("otpCode")}</label>
            <input
              id="kode"
              name="kode"
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              maxlength={7}
              required
              autofocus
            />
            <button type="submit" class="primary">
              {t("loginSubmit")}
            </button>
          </form>
        ) : (
          <form method="post" action="/masuk" class="stack">
            <input type="hidden" name="_csrf" value={props.loginToken} />
            <input type="hidden" name="lanjut" value={props.next} />
            <label for="email">{t("email")}</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              required
              value={props.email ?? ""}
              autofocus
            />
            <label for="password">{t("password")}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
            <button type="submit" class="primary">
              {t("loginSubmit")}
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}
