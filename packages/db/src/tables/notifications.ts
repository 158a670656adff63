type Iso = string;

/** One person's notification choices (migration 0016); no row means notifications off. */
export interface NotificationPrefsTable {
  user_id: string;
  tenant_id: string;
  /** 1: told of new claims scoring at least `min_score` (and of assignments, with `assigned`). */
  enabled: number;
  /** 0..1, compared with a claim's max_score. */
  min_score: number;
  /** 1: told when a claim is assigned to them. */
  assigned: number;
  /** Their chat with the clinic's Telegram bot; null: no Telegram. */
  telegram_chat_id: string | null;
  /** 1: an email digest of new claims above `min_score`, where the clinic sends digests. */
  email_digest: number;
  /** Claims created up to here were in a digest already. */
  digest_sent_at: Iso | null;
  updated_at: Iso;
}

/** The channels a clinic's admin turned on beside the browser (migration 0016). */
export interface NotifyChannelsTable {
  tenant_id: string;
  /** The clinic's own bot (from @BotFather); never shown again once saved. */
  telegram_bot_token: string | null;
  /** 1: people who opt in get an email digest. */
  email_digest: number;
  updated_at: Iso;
}

/** The notification tables, part of `Database`. */
export interface NotificationTables {
  notification_prefs: NotificationPrefsTable;
  notify_channels: NotifyChannelsTable;
}
