import type { notifyId } from "./i18n-notify-id.ts";

/** Messages of notifications, in English (merged into i18n-en.ts). */
export const notifyEn: { [K in keyof typeof notifyId]: string } = {
  notifyTitle: "Notifications",
  notifyIntro:
    "Be told when a new high-scoring claim arrives in your clinic, or when a claim is assigned to you — in the browser while the app is open.",
  notifyEnabled: "Notify me",
  notifyMinScore: "New claims scoring at least (%)",
  notifyAssigned: "Claims assigned to me",
  notifyTelegram: "Your Telegram chat id with the clinic's bot",
  notifyTelegramHint: "Send /start to the clinic's bot, then paste the chat id it gives you. Leave empty to stop.",
  notifyTelegramOff: "Your clinic has not set up a Telegram bot.",
  notifyDigest: "Email digest of new claims",
  notifyDigestOff: "Your clinic does not send email digests.",
  notifySave: "Save notification choices",
  notifySaved: "Notification choices saved.",
  notifyBrowserAllow: "Allow browser notifications",
  notifyBrowserDenied: "The browser refused notifications; notices still appear on this page.",
  notifyBadScore: "The minimum score must be between 50 and 100.",
  notifyBadChat: "A Telegram chat id has digits only (a group's starts with a minus).",
  notifyNewClaim: "New claim, score",
  notifyAssignedBy: "assigned a claim to you",
  notifyOpen: "Open the claim",
  notifyClose: "Close",
  channelsTitle: "Notification channels",
  channelsIntro:
    "Browser notifications are always available. Set up the clinic's Telegram bot (from @BotFather) and the email digest for analysts who choose them.",
  channelsBotToken: "Telegram bot token",
  channelsBotSet: "A token is saved (not shown). Fill in to replace it.",
  channelsBotRemove: "Remove the bot token",
  channelsDigest: "Send the email digest to those who choose it",
  channelsSave: "Save channels",
  channelsSaved: "Notification channels saved.",
  channelsBadToken: "Bot token not recognised: copy it exactly as @BotFather gave it.",
};
