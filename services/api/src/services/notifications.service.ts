import type { NotificationPrefs } from "@klinik/db";
import { forClinicNotifications } from "@klinik/db";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import type { NotificationPrefsInput, NotifyChannelsInput } from "./notifications.inputs.ts";
import { ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db">;

export interface MyNotifications {
  enabled: boolean;
  minScore: number;
  assigned: boolean;
  telegramChatId: string | null;
  emailDigest: boolean;
  /** What the clinic offers beside the browser. */
  clinic: { telegram: boolean; emailDigest: boolean };
}

export const prefsView = (p: NotificationPrefs) => ({
  enabled: p.enabled === 1,
  minScore: p.min_score,
  assigned: p.assigned === 1,
  telegramChatId: p.telegram_chat_id,
  emailDigest: p.email_digest === 1,
});

/** The caller's own notification choices and the channels their clinic offers. */
export async function getMyNotifications(deps: Deps, actor: Actor): Promise<Result<MyNotifications>> {
  const no = denied(actor, "notify.receive");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const [prefs, channels] = await Promise.all([
    forClinicNotifications(deps.db, clinic.tenantId).getNotificationPrefs(actor.user.id),
    forClinicNotifications(deps.db, clinic.tenantId).getNotifyChannels(),
  ]);
  return ok({
    ...prefsView(prefs),
    clinic: { telegram: channels.telegram_bot_token !== null, emailDigest: channels.email_digest === 1 },
  });
}

export async function saveMyNotifications(
  deps: Deps,
  actor: Actor,
  input: NotificationPrefsInput,
): Promise<Result<MyNotifications>> {
  const no = denied(actor, "notify.receive");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  await forClinicNotifications(deps.db, clinic.tenantId).saveNotificationPrefs(actor.user.id, {
    enabled: input.enabled ? 1 : 0,
    min_score: input.minScore,
    assigned: input.assigned ? 1 : 0,
    telegram_chat_id: input.telegramChatId,
    email_digest: input.emailDigest ? 1 : 0,
  });
  await audit(clinic, actor, {
    action: "notify.prefs",
    targetType: "user",
    targetId: actor.user.id,
    summary: {
      enabled: input.enabled,
      minScore: input.minScore,
      assigned: input.assigned,
      telegram: input.telegramChatId !== null,
      emailDigest: input.emailDigest,
    },
  });
  return getMyNotifications(deps, actor);
}

export interface ClinicChannels {
  /** Whether a bot token is saved; the token itself is never shown again. */
  telegram: boolean;
  emailDigest: boolean;
}

export async function getClinicChannels(deps: Deps, actor: Actor): Promise<Result<ClinicChannels>> {
  const no = denied(actor, "clinic.settings");
  if (no) return no;
  const c = await forClinicNotifications(deps.db, actor.tenant.id).getNotifyChannels();
  return ok({ telegram: c.telegram_bot_token !== null, emailDigest: c.email_digest === 1 });
}

/** The clinic's admin turns Telegram (its own bot) and the email digest on or off. */
export async function saveClinicChannels(
  deps: Deps,
  actor: Actor,
  input: NotifyChannelsInput,
): Promise<Result<ClinicChannels>> {
  const no = denied(actor, "clinic.settings");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  await forClinicNotifications(deps.db, clinic.tenantId).saveNotifyChannels({
    email_digest: input.emailDigest ? 1 : 0,
    ...(input.telegramBotToken !== undefined ? { telegram_bot_token: input.telegramBotToken } : {}),
  });
  await audit(clinic, actor, {
    action: "notify.channels",
    targetType: "clinic",
    targetId: actor.tenant.id,
    // Whether the token changed, never the token.
    summary: {
      emailDigest: input.emailDigest,
      telegram: input.telegramBotToken === undefined ? "unchanged" : input.telegramBotToken ? "set" : "removed",
    },
  });
  return getClinicChannels(deps, actor);
}
