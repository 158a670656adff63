/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Notice } from "../components.tsx";
import { Layout, type PageCtx } from "../layout.tsx";

export function LoginPage(props: {
  ctx: PageCtx;
  loginToken: string;
  next: string;
  email?: string;
  failed?: boolean;
  throttled?: boolean;
}) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t("loginTitle")} page="login">
      <section class="card narrow" aria-labelledby="login-title">
        <h1 id="login-title">{t("loginTitle")}</h1>
        {props.failed ? <Notice tone="error">{t(props.throttled ? "loginThrottled" : "loginFailed")}</Notice> : null}
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
      </section>
    </Layout>
  );
}
