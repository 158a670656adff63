/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { USER_ROLES } from "@klinik/core";
import type { ClinicDb, PersonRow } from "@klinik/db";
import { Notice, Section, UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import type { T } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";
import { roleLabel } from "./links.page.tsx";

type OpenInvite = Awaited<ReturnType<ClinicDb["listOpenInvites"]>>[number];

/** A one-time link just made: shown once, to be copied and sent. */
export interface ShownLink {
  kind: "invite" | "reset";
  url: string;
  expiresAt: string;
  emailed: boolean;
  /** Who it is for. */
  who: string;
}

function LinkNotice(props: { t: T; link: ShownLink; tz: string; lang: "id" | "en" }) {
  const { t, link } = props;
  const until = formatDateTime(link.expiresAt, props.tz, props.lang);
  return (
    <div class="notice ok" role="status">
      <p>
        {link.kind === "invite" ? (
          `${t("inviteCreated")} ${until}).`
        ) : (
          <>
            {t("resetCreated")} <UserText text={link.who} /> ({t("linkValidUntil")} {until}).
          </>
        )}
      </p>
      <p>
        <input
          type="text"
          class="link-out"
          readonly
          value={link.url}
          aria-label={t("copyHint")}
          data-link={link.kind}
        />
      </p>
      <p class="muted">{link.emailed ? t("inviteEmailed") : t("copyHint")}</p>
    </div>
  );
}

function RoleSelect(props: { t: T; id: string; value?: string }) {
  return (
    <select id={props.id} name="peran">
      {USER_ROLES.map((r) => (
        <option value={r} selected={r === props.value}>
          {roleLabel(r, props.t)}
        </option>
      ))}
    </select>
  );
}

export function PeoplePage(props: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  me: string;
  rows: PersonRow[];
  /** Invitations whose link still works. */
  invites: OpenInvite[];
  link?: ShownLink | undefined;
  flash?: string | undefined;
  error?: string | undefined;
}) {
  const { t, lang, csrf } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t("peopleTitle")} page="people" wide>
      <h1>{t("peopleTitle")}</h1>
      {props.link ? <LinkNotice t={t} link={props.link} tz={props.tz} lang={lang} /> : null}
      {props.flash ? <Notice tone="ok">{props.flash}</Notice> : null}
      {props.error ? <Notice tone="error">{props.error}</Notice> : null}
      <table class="people">
        <caption class="sr-only">{t("peopleTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("name")}</th>
            <th scope="col">{t("personRole")}</th>
            <th scope="col">{t("status")}</th>
            <th scope="col">{t("twoFactor")}</th>
            <th scope="col">{t("lastLogin")}</th>
            <th scope="col">
              <span class="sr-only">{t("changeRole")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((p) => {
            const self = p.id === props.me;
            const active = p.active === 1;
            return (
              <tr data-person={p.id} data-email={p.email}>
                <td data-label={t("name")}>
                  <strong>
                    <UserText text={p.name} />
                  </strong>
                  {self ? <span class="muted"> ({t("itsYou")})</span> : null}
                  <br />
                  <span class="muted">
                    <UserText text={p.email} />
                  </span>
                  {p.operator === 1 ? <span class="badge"> {t("operatorBadge")}</span> : null}
                </td>
                <td data-label={t("personRole")}>
                  {self || !active ? (
                    roleLabel(p.role, t)
                  ) : (
                    <form method="post" action={`/orang/${p.id}/peran`} class="inline">
                      <CsrfField csrf={csrf} />
                      <label class="sr-only" for={`peran-${p.id}`}>
                        {t("personRole")}
                      </label>
                      <RoleSelect t={t} id={`peran-${p.id}`} value={p.role} />{" "}
                      <button type="submit">{t("changeRole")}</button>
                    </form>
                  )}
                </td>
                <td data-label={t("status")}>
                  <span class={`badge ${active ? "good" : "bad"}`}>
                    {active ? t("personActive") : t("personInactive")}
                  </span>
                </td>
                <td data-label={t("twoFactor")}>{p.totp_enabled === 1 ? t("stateOn") : t("stateOff")}</td>
                <td data-label={t("lastLogin")}>{formatDateTime(p.last_login_at, props.tz, lang)}</td>
                <td>
                  {active && !self ? (
                    <>
                      <form method="post" action={`/orang/${p.id}/atur-ulang`} class="inline">
                        <CsrfField csrf={csrf} />
                        <button type="submit">{t("resetLink")}</button>
                      </form>{" "}
                      <a href={`/orang/${p.id}/nonaktifkan`} class="button danger">
                        {t("deactivate")}
                      </a>
                    </>
                  ) : null}
                  {!active ? (
                    <form method="post" action={`/orang/${p.id}/aktifkan`} class="inline">
                      <CsrfField csrf={csrf} />
                      <button type="submit">{t("reactivate")}</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.invites.length > 0 ? (
        <Section id="undangan-h" title={t("openInvites")}>
          <table class="invites">
            <thead>
              <tr>
                <th scope="col">{t("email")}</th>
                <th scope="col">{t("personRole")}</th>
                <th scope="col">{t("linkValidUntil")}</th>
                <th scope="col">
                  <span class="sr-only">{t("withdrawInvite")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.invites.map((i) => (
                <tr data-invite={i.email}>
                  <td data-label={t("email")}>
                    <UserText text={i.email} />{" "}
                    <span class="muted">
                      (<UserText text={i.name} />)
                    </span>
                  </td>
                  <td data-label={t("personRole")}>{roleLabel(i.role, t)}</td>
                  <td data-label={t("linkValidUntil")}>{formatDateTime(i.expires_at, props.tz, lang)}</td>
                  <td>
                    <form method="post" action={`/orang/undangan/${i.id}/tarik`} class="inline">
                      <CsrfField csrf={csrf} />
                      <button type="submit">{t("withdrawInvite")}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
      <Section id="undang-h" title={t("invitePerson")} class="card narrow">
        <form method="post" action="/orang/undang" class="stack">
          <CsrfField csrf={csrf} />
          <label for="u-email">{t("email")}</label>
          <input id="u-email" name="email" type="email" required maxlength={254} autocomplete="off" />
          <label for="u-name">{t("name")}</label>
          <input id="u-name" name="nama" type="text" required maxlength={200} autocomplete="off" />
          <label for="u-role">{t("personRole")}</label>
          <RoleSelect t={t} id="u-role" value="analyst" />
          <button type="submit" class="primary">
            {t("inviteSubmit")}
          </button>
        </form>
      </Section>
    </Layout>
  );
}

/** Deactivation asks first (works without JavaScript): this page holds the form that does it. */
export function DeactivatePage(props: { ctx: PageCtx & { csrf: string }; person: PersonRow }) {
  const { t, csrf } = props.ctx;
  const p = props.person;
  return (
    <Layout ctx={props.ctx} title={t("deactivateTitle")} page="people">
      <section class="card narrow" aria-labelledby="d-title">
        <h1 id="d-title">{t("deactivateTitle")}</h1>
        <p>
          <strong>
            <UserText text={p.name} />
          </strong>{" "}
          (<UserText text={p.email} />)
        </p>
        <Notice tone="warn">{t("deactivateConfirm")}</Notice>
        <form method="post" action={`/orang/${p.id}/nonaktifkan`} class="stack">
          <CsrfField csrf={csrf} />
          <button type="submit" class="primary danger">
            {t("deactivateYes")}
          </button>
        </form>
        <p>
          <a href="/orang">{t("deactivateCancel")}</a>
        </p>
      </section>
    </Layout>
  );
}
