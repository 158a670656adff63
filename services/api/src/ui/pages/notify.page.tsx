/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ClinicChannels, MyNotifications } from "../../services/notifications.service.ts";
import { Notice, Section } from "../components.tsx";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";

type Ctx = PageCtx & { csrf: string };

/** A person's own notification choices (`/akun/notifikasi`). */
export function NotifyPrefsPage(props: { ctx: Ctx; prefs: MyNotifications; flash?: string; error?: string }) {
  const { t, csrf } = props.ctx;
  const p = props.prefs;
  return (
    <Layout ctx={props.ctx} title={t("notifyTitle")} page="account">
      <h1>{t("notifyTitle")}</h1>
      {props.flash ? <Notice tone="ok">{props.flash}</Notice> : null}
      {props.error ? <Notice tone="error">{props.error}</Notice> : null}
      <Section id="notifikasi" title={t("notifyTitle")} class="card narrow">
        <p>{t("notifyIntro")}</p>
        <form method="post" action="/akun/notifikasi" class="stack">
          <CsrfField csrf={csrf} />
          <label class="check">
            <input type="checkbox" name="aktif" value="1" checked={p.enabled} /> {t("notifyEnabled")}
          </label>
          <label for="notify-min">{t("notifyMinScore")}</label>
          <input
            id="notify-min"
            name="skor"
            type="number"
            min={50}
            max={100}
            step={1}
            required
            value={String(Math.round(p.minScore * 100))}
          />
          <label class="check">
            <input type="checkbox" name="ditugaskan" value="1" checked={p.assigned} /> {t("notifyAssigned")}
          </label>
          {p.clinic.telegram ? (
            <>
              <label for="notify-chat">{t("notifyTelegram")}</label>
              <input
                id="notify-chat"
                name="telegram"
                inputmode="numeric"
                maxlength={21}
                value={p.telegramChatId ?? ""}
                aria-describedby="notify-chat-hint"
              />
              <small id="notify-chat-hint" class="muted">
                {t("notifyTelegramHint")}
              </small>
            </>
          ) : (
            <p class="muted">{t("notifyTelegramOff")}</p>
          )}
          {p.clinic.emailDigest ? (
            <label class="check">
              <input type="checkbox" name="ringkasan" value="1" checked={p.emailDigest} /> {t("notifyDigest")}
            </label>
          ) : (
            <p class="muted">{t("notifyDigestOff")}</p>
          )}
          <button type="submit">{t("notifySave")}</button>
        </form>
        <p>
          <button type="button" class="secondary" data-notify-permission data-denied={t("notifyBrowserDenied")} hidden>
            {t("notifyBrowserAllow")}
          </button>
        </p>
      </Section>
    </Layout>
  );
}

/** The clinic's channels beside the browser (`/pengaturan/notifikasi`, admins). */
export function NotifyChannelsPage(props: { ctx: Ctx; channels: ClinicChannels; flash?: string; error?: string }) {
  const { t, csrf } = props.ctx;
  const ch = props.channels;
  return (
    <Layout ctx={props.ctx} title={t("channelsTitle")} page="settings">
      <h1>{t("channelsTitle")}</h1>
      {props.flash ? <Notice tone="ok">{props.flash}</Notice> : null}
      {props.error ? <Notice tone="error">{props.error}</Notice> : null}
      <Section id="saluran" title={t("channelsTitle")} class="card narrow">
        <p>{t("channelsIntro")}</p>
        <form method="post" action="/pengaturan/notifikasi" class="stack">
          <CsrfField csrf={csrf} />
          <label for="bot-token">{t("channelsBotToken")}</label>
          <input
            id="bot-token"
            name="token_bot"
            type="password"
            autocomplete="off"
            maxlength={120}
            aria-describedby={ch.telegram ? "bot-token-set" : undefined}
          />
          {ch.telegram ? (
            <>
              <small id="bot-token-set" class="muted">
                {t("channelsBotSet")}
              </small>
              <label class="check">
                <input type="checkbox" name="hapus_token" value="1" /> {t("channelsBotRemove")}
              </label>
            </>
          ) : null}
          <label class="check">
            <input type="checkbox" name="ringkasan" value="1" checked={ch.emailDigest} /> {t("channelsDigest")}
          </label>
          <button type="submit">{t("channelsSave")}</button>
        </form>
      </Section>
    </Layout>
  );
}
