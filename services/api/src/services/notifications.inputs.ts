import { NOTIFY_SCORE_FLOOR } from "@klinik/notify";
import { z } from "zod";

/** A person's notification choices (JSON body and the account page's form alike). */
export const notificationPrefsInput = z.object({
  enabled: z.boolean(),
  /** Told of new claims scoring at least this (0.5–1; below 0.5 every report would ring). */
  minScore: z.number().min(NOTIFY_SCORE_FLOOR).max(1),
  assigned: z.boolean(),
  /** Their chat id with the clinic's bot (a number; a group's is negative), or null for none. */
  telegramChatId: z
    .string()
    .trim()
    .regex(/^-?\d{1,20}$/, "must be a Telegram chat id (digits, a group's starts with -)")
    .nullable(),
  emailDigest: z.boolean(),
});
export type NotificationPrefsInput = z.infer<typeof notificationPrefsInput>;

/** The channels a clinic's admin turns on. */
export const notifyChannelsInput = z.object({
  /** The bot's token from @BotFather; omitted keeps the saved one, null removes it. */
  telegramBotToken: z
    .string()
    .trim()
    .regex(/^\d{3,15}:[A-Za-z0-9_-]{20,100}$/, "must be a bot token as @BotFather gives it (digits:letters)")
    .nullable()
    .optional(),
  emailDigest: z.boolean(),
});
export type NotifyChannelsInput = z.infer<typeof notifyChannelsInput>;
