export { type Announcer, announceNewClaims, NOTIFY_SCORE_FLOOR, notifyAssigned } from "./announce.ts";
export { createDigestProcessor, DIGEST_MAX_CLAIMS, type DigestDeps } from "./digest.processor.ts";
export { digestText } from "./digest-text.ts";
export {
  EVENT_TEXT_MAX,
  type NotifyEvent,
  notifyChannel,
  notifyEventSchema,
  parseNotifyEvent,
  publishNotifyEvent,
  shortText,
} from "./events.ts";
export { claimUrl, createNotifyProcessor, type NotifyDeps, telegramText } from "./notify.processor.ts";
export { sendTelegramMessage, type TelegramResult } from "./telegram.ts";
