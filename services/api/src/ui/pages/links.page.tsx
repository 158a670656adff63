/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { UserRole } from "@klinik/core";
import { Notice, UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import type { T } from "../i18n.ts";
import { Layout, type PageCtx } from "../layout.tsx";

export function roleLabel(role: UserRole, t: T): string {
  const key = (
    { admin: "roleAdmin", analyst: "roleAnalyst", publisher: "rolePublisher", viewer: "roleViewer" } as const
  )[role];
  return t(key);
}

/** The fields that set a password, with the policy said up front. */
export function NewPasswordFields(props: { t: T; autofocus?: boolean }) {
  const { t } = props;
  return (
    <>
      <label for="sandi">{t("newPassword")}</label>
      <input
        id="sandi"
        name="sandi"
        type="password"
        autocomplete="new-password"
        minlength={10}
        maxlength={200}
        required
        aria-describedby="sandi-aturan"
        autofocus={props.autofocus}
      />
      <p id="sandi-aturan" class="muted">
        {t("passwordRules")}
      </p>
      <label for="ulangi">{t("repeatPassword")}</label>
      <input id="ulangi" name="ulangi" type="password" autocomplete="new-password" maxlength={200} required />
    </>
  );
}

/** Accepting an invitation or using a reset link: one page, the link's purpose names it. */
export function SetPasswordPage(props: {
  ctx: PageCtx;
  purpose: "invite" | "reset";
  action: string;
  formToken: string;
  link: { email: string; name: string; role: UserRole; clinicName: string; timezone: string; expiresAt: string };
  error?: string | undefined;
}) {
  const { t, lang } = props.ctx;
  const { link } = props;
  const title = props.purpose === "invite" ? t("acceptTitle") : t("resetTitle");
  return (
    <Layout ctx={props.ctx} title={title} page="set-password">
      <section class="card narrow" aria-labelledby="sp-title">
        <h1 id="sp-title">{title}</h1>
        {props.purpose === "invite" ? (
          <p>
            {t("acceptIntro")}{" "}
            <strong>
              <UserText text={link.clinicName} />
            </strong>{" "}
            {t("asRole")} <strong>{roleLabel(link.role, t)}</strong>: <UserText text={link.name} /> (
            <UserText text={link.email} />)
          </p>
        ) : (
          <>
            <p>
              {t("resetIntro")} <UserText text={link.email} />
            </p>
            <p class="muted">{t("resetNote")}</p>
          </>
        )}
        <p class="muted">
          {t("linkValidUntil")} {formatDateTime(link.expiresAt, link.timezone, lang)}
        </p>
        {props.error ? <Notice tone="error">{props.error}</Notice> : null}
        <form method="post" action={props.action} class="stack">
          <input type="hidden" name="_csrf" value={props.formToken} />
          <input type="text" name="username" autocomplete="username" value={link.email} hidden readonly />
          <NewPasswordFields t={t} autofocus />
          <button type="submit" class="primary">
            {t("acceptSubmit")}
          </button>
        </form>
      </section>
    </Layout>
  );
}
