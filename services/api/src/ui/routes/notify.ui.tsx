/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { notificationStream, openNotifications } from "../../notify/notification-stream.ts";
import { streamTexts } from "../../notify/stream-texts.ts";
import { notificationPrefsInput, notifyChannelsInput } from "../../services/notifications.inputs.ts";
import {
  getClinicChannels,
  getMyNotifications,
  saveClinicChannels,
  saveMyNotifications,
} from "../../services/notifications.service.ts";
import { uiFailure } from "../failure.ts";
import { pageCtx, setFlash, takeFlash } from "../page-ctx.ts";
import { NotifyChannelsPage, NotifyPrefsPage } from "../pages/notify.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

async function prefsPage(c: Context<UiEnv>, error?: string) {
  const r = await getMyNotifications(c.var.deps, c.var.principal);
  if (!r.ok) return uiFailure(c, r.error);
  const flash = error ? undefined : takeFlash(c);
  return c.html(
    <NotifyPrefsPage ctx={pageCtx(c)} prefs={r.value} {...(flash ? { flash } : {})} {...(error ? { error } : {})} />,
    error ? 400 : 200,
  );
}

async function channelsPage(c: Context<UiEnv>, error?: string) {
  const r = await getClinicChannels(c.var.deps, c.var.principal);
  if (!r.ok) return uiFailure(c, r.error);
  const flash = error ? undefined : takeFlash(c);
  return c.html(
    <NotifyChannelsPage
      ctx={pageCtx(c)}
      channels={r.value}
      {...(flash ? { flash } : {})}
      {...(error ? { error } : {})}
    />,
    error ? 400 : 200,
  );
}

export const notifyUi = new Hono<UiEnv>()
  .get("/akun/notifikasi", requireUiSession, (c) => prefsPage(c))
  .post("/akun/notifikasi", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const chat = field(form, "telegram").trim().slice(0, 40);
    const parsed = notificationPrefsInput.safeParse({
      enabled: field(form, "aktif") === "1",
      minScore: Number(field(form, "skor").slice(0, 6)) / 100,
      assigned: field(form, "ditugaskan") === "1",
      telegramChatId: chat === "" ? null : chat,
      emailDigest: field(form, "ringkasan") === "1",
    });
    if (!parsed.success) {
      const bad = parsed.error.issues[0]?.path[0];
      return prefsPage(c, bad === "telegramChatId" ? t("notifyBadChat") : t("notifyBadScore"));
    }
    const r = await saveMyNotifications(c.var.deps, c.var.principal, parsed.data);
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, t("notifySaved"));
    return c.redirect("/akun/notifikasi", 303);
  })
  .get("/pengaturan/notifikasi", requireUiSession, (c) => channelsPage(c))
  .post("/pengaturan/notifikasi", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const token = field(form, "token_bot").trim().slice(0, 200);
    const parsed = notifyChannelsInput.safeParse({
      emailDigest: field(form, "ringkasan") === "1",
      // Empty keeps the saved token (the form never shows it); the box removes it.
      ...(field(form, "hapus_token") === "1" ? { telegramBotToken: null } : token ? { telegramBotToken: token } : {}),
    });
    if (!parsed.success) return channelsPage(c, t("channelsBadToken"));
    const r = await saveClinicChannels(c.var.deps, c.var.principal, parsed.data);
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, t("channelsSaved"));
    return c.redirect("/pengaturan/notifikasi", 303);
  })
  // The browser's event stream (app's notify.js). Off: 204, which tells EventSource not to reconnect.
  .get("/notifikasi/aliran", requireUiSession, async (c) => {
    const { deps, principal, token, t } = c.var;
    const slot = await openNotifications(deps, principal);
    if (!slot.ok) return slot.error.code === "conflict" ? c.body(null, 204) : uiFailure(c, slot.error);
    return notificationStream(c, deps, principal, { credential: token, slot: slot.value, texts: streamTexts(t) });
  });
