/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { TOKEN_SCOPES, type TokenScope } from "@klinik/core";
import type { ApiTokenRow } from "@klinik/db";
import { Notice, Section, UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import type { T } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";

export function scopeLabel(s: TokenScope, t: T): string {
  return t(({ read: "scopeRead", ingest: "scopeIngest", publish: "scopePublish" } as const)[s]);
}

export function TokensPage(props: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  rows: ApiTokenRow[];
  /** A token just created: its secret, shown in this answer only. */
  created?: { name: string; token: string } | undefined;
  error?: string | undefined;
}) {
  const { t, lang, csrf } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t("tokensTitle")} page="tokens" wide>
      <h1>{t("tokensTitle")}</h1>
      <p class="muted">{t("tokensHint")}</p>
      {props.created ? (
        <div class="notice ok" role="status">
          <p>
            {t("tokenCreated")} (<UserText text={props.created.name} />)
          </p>
          <p>
            <input
              type="text"
              class="link-out"
              readonly
              value={props.created.token}
              aria-label={t("tokenCreated")}
              data-token
            />
          </p>
        </div>
      ) : null}
      {props.error ? <Notice tone="error">{props.error}</Notice> : null}
      {props.rows.length === 0 ? (
        <p>{t("noTokens")}</p>
      ) : (
        <table class="tokens">
          <caption class="sr-only">{t("tokensTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("tokenName")}</th>
              <th scope="col">{t("tokenScopes")}</th>
              <th scope="col">{t("tokenCreatedBy")}</th>
              <th scope="col">{t("tokenCreatedAt")}</th>
              <th scope="col">{t("tokenLastUsed")}</th>
              <th scope="col">
                <span class="sr-only">{t("revoke")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((k) => (
              <tr data-token-id={k.id}>
                <td data-label={t("tokenName")}>
                  <strong>
                    <UserText text={k.name} />
                  </strong>
                </td>
                <td data-label={t("tokenScopes")}>{k.scopes.map((s) => scopeLabel(s, t)).join(", ")}</td>
                <td data-label={t("tokenCreatedBy")}>
                  <UserText text={k.created_by_name ?? "—"} />
                </td>
                <td data-label={t("tokenCreatedAt")}>{formatDateTime(k.created_at, props.tz, lang)}</td>
                <td data-label={t("tokenLastUsed")}>{formatDateTime(k.last_used_at, props.tz, lang)}</td>
                <td>
                  {k.revoked_at ? (
                    <span class="badge bad">
                      {t("tokenRevoked")} {formatDateTime(k.revoked_at, props.tz, lang)}
                    </span>
                  ) : (
                    <form method="post" action={`/token/${k.id}/cabut`} class="inline">
                      <CsrfField csrf={csrf} />
                      <button type="submit">{t("revoke")}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Section id="buat-token" title={t("tokenCreate")} class="card narrow">
        <form method="post" action="/token" class="stack">
          <CsrfField csrf={csrf} />
          <label for="k-name">{t("tokenName")}</label>
          <input id="k-name" name="nama" type="text" required maxlength={100} />
          <fieldset>
            <legend>{t("tokenScopes")}</legend>
            {TOKEN_SCOPES.map((s) => (
              <label>
                <input type="checkbox" name="cakupan" value={s} checked={s === "read"} /> {scopeLabel(s, t)}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary">
            {t("tokenCreate")}
          </button>
        </form>
      </Section>
    </Layout>
  );
}
