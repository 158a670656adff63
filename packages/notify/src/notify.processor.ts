import { type Db, forClinic, forClinicNotifications } from "@klinik/db";
import type { JobPayload } from "@klinik/queue";
import { shortText } from "./events.ts";
import { sendTelegramMessage } from "./telegram.ts";

export interface NotifyDeps {
  db: Db;
  /** TELEGRAM_API_URL: Telegram's Bot API, or a relay or fake speaking it. */
  telegramApiUrl: string;
  /** Links in messages point here (PUBLIC_BASE_URL); without it messages carry no link. */
  publicBaseUrl?: string | undefined;
  logger: { warn(obj: object, msg?: string): void };
}

export const claimUrl = (base: string | undefined, clusterId: string) =>
  base ? `${base.replace(/\/+$/, "")}/klaster/${encodeURIComponent(clusterId)}` : undefined;

/** The message: Indonesian first, English after (a chat has no UI language). */
export function telegramText(p: JobPayload<"notify">, claim: string, url: string | undefined): string {
  const head =
    p.kind === "claim.new"
      ? `Klaim baru, skor ${Math.round(p.score * 100)} · New claim, score ${Math.round(p.score * 100)}`
      : "Klaim ditugaskan kepada Anda · A claim was assigned to you";
  return [head, "", claim, ...(url ? ["", url] : [])].join("\n");
}

/**
 * Tells the people who asked, on the clinic's Telegram bot. A person whose chat
 * refuses is logged and skipped, never retried: a retry would repeat the message
 * to everyone who already got it. Unreachable Telegram fails the job for BullMQ to retry.
 */
export function createNotifyProcessor(deps: NotifyDeps) {
  return async (p: JobPayload<"notify">): Promise<{ sent: number }> => {
    const clinic = forClinic(deps.db, p.tenantId);
    const channels = await forClinicNotifications(deps.db, clinic.tenantId).getNotifyChannels();
    const token = channels.telegram_bot_token;
    if (!token) return { sent: 0 };
    const cluster = await clinic.getCluster(p.clusterId);
    const item = cluster ? await clinic.getItem(cluster.representative_item_id) : undefined;
    if (!cluster || !item) return { sent: 0 };
    const chats =
      p.kind === "claim.new"
        ? (await forClinicNotifications(deps.db, clinic.tenantId).telegramSubscribers(p.score)).map(
            (s) => s.telegram_chat_id,
          )
        : (await forClinicNotifications(deps.db, clinic.tenantId).prefsOfUsers([p.userId]))
            .filter((s) => s.assigned === 1)
            .map((s) => s.telegram_chat_id);
    const text = telegramText(p, shortText(item.title, item.text), claimUrl(deps.publicBaseUrl, cluster.id));
    let sent = 0;
    for (const chat of chats) {
      if (!chat) continue;
      const r = await sendTelegramMessage(deps.telegramApiUrl, token, chat, text);
      if (r.ok) sent += 1;
      else if (r.code === "unreachable" && sent === 0) throw new Error(`telegram unreachable: ${r.detail}`);
      else deps.logger.warn({ tenantId: p.tenantId, code: r.code, detail: r.detail }, "telegram message not sent");
    }
    return { sent };
  };
}
