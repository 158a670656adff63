import type { Db } from "../connect.ts";
import type { NotificationPrefsTable, NotifyChannelsTable } from "../tables/notifications.ts";
import { nowIso } from "../util.ts";

export type NotificationPrefs = Omit<NotificationPrefsTable, "tenant_id" | "updated_at" | "digest_sent_at">;
export type PrefsInput = Omit<NotificationPrefs, "user_id">;

/** Until a person chooses, notifications are off (0.8: the queue's "high" band). */
export const DEFAULT_PREFS: PrefsInput = {
  enabled: 0,
  min_score: 0.8,
  assigned: 1,
  telegram_chat_id: null,
  email_digest: 0,
};

const PREF_COLUMNS = ["user_id", "enabled", "min_score", "assigned", "telegram_chat_id", "email_digest"] as const;

export async function getNotificationPrefs(db: Db, tenantId: string, userId: string): Promise<NotificationPrefs> {
  const row = await db
    .selectFrom("notification_prefs")
    .select(PREF_COLUMNS)
    .where("tenant_id", "=", tenantId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ?? { user_id: userId, ...DEFAULT_PREFS };
}

/** Saves a person's choices; turning the digest on starts it from now (no backlog of old claims). */
export async function saveNotificationPrefs(db: Db, tenantId: string, userId: string, p: PrefsInput): Promise<void> {
  const now = nowIso();
  await db
    .insertInto("notification_prefs")
    .values({ user_id: userId, tenant_id: tenantId, ...p, digest_sent_at: now, updated_at: now })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ ...p, updated_at: now }))
    .execute();
}

/** Who among `userIds` (active, of this clinic) has notifications on, with their choices. */
export async function prefsOfUsers(db: Db, tenantId: string, userIds: string[]): Promise<NotificationPrefs[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom("notification_prefs as p")
    .innerJoin("users as u", (j) => j.onRef("u.id", "=", "p.user_id").onRef("u.tenant_id", "=", "p.tenant_id"))
    .select(PREF_COLUMNS.map((c) => `p.${c}` as const))
    .where("p.tenant_id", "=", tenantId)
    .where("u.tenant_id", "=", tenantId)
    .where("u.active", "=", 1)
    .where("p.enabled", "=", 1)
    .where("p.user_id", "in", userIds)
    .execute();
}

/** People of the clinic to tell on Telegram about a new claim scoring `score`. */
export async function telegramSubscribers(db: Db, tenantId: string, score: number) {
  return db
    .selectFrom("notification_prefs as p")
    .innerJoin("users as u", (j) => j.onRef("u.id", "=", "p.user_id").onRef("u.tenant_id", "=", "p.tenant_id"))
    .select(["p.user_id", "p.telegram_chat_id"])
    .where("p.tenant_id", "=", tenantId)
    .where("u.tenant_id", "=", tenantId)
    .where("u.active", "=", 1)
    .where("p.enabled", "=", 1)
    .where("p.telegram_chat_id", "is not", null)
    .where("p.min_score", "<=", score)
    .execute();
}

/** People of the clinic who get the email digest, with where their last one ended. */
export async function digestRecipients(db: Db, tenantId: string) {
  return db
    .selectFrom("notification_prefs as p")
    .innerJoin("users as u", (j) => j.onRef("u.id", "=", "p.user_id").onRef("u.tenant_id", "=", "p.tenant_id"))
    .select(["p.user_id", "u.email", "u.name", "p.min_score", "p.digest_sent_at"])
    .where("p.tenant_id", "=", tenantId)
    .where("u.tenant_id", "=", tenantId)
    .where("u.active", "=", 1)
    .where("p.enabled", "=", 1)
    .where("p.email_digest", "=", 1)
    .execute();
}

/** New claims of the clinic created after `since` (up to `until`) scoring at least `minScore`, best first. */
export async function claimsForDigest(
  db: Db,
  tenantId: string,
  f: { since: string; until: string; minScore: number; limit: number },
) {
  return db
    .selectFrom("clusters as c")
    .innerJoin("items as i", (j) =>
      j.onRef("i.id", "=", "c.representative_item_id").onRef("i.tenant_id", "=", "c.tenant_id"),
    )
    .select(["c.id", "c.max_score", "c.size", "c.created_at", "i.title", "i.text"])
    .where("c.tenant_id", "=", tenantId)
    .where("i.tenant_id", "=", tenantId)
    .where("c.created_at", ">", f.since)
    .where("c.created_at", "<=", f.until)
    .where("c.max_score", ">=", f.minScore)
    .orderBy("c.max_score", "desc")
    .orderBy("c.id")
    .limit(f.limit)
    .execute();
}

export async function markDigestSent(db: Db, tenantId: string, userId: string, at: string): Promise<void> {
  await db
    .updateTable("notification_prefs")
    .set({ digest_sent_at: at })
    .where("tenant_id", "=", tenantId)
    .where("user_id", "=", userId)
    .execute();
}

export type NotifyChannels = Pick<NotifyChannelsTable, "telegram_bot_token" | "email_digest">;

export async function getNotifyChannels(db: Db, tenantId: string): Promise<NotifyChannels> {
  const row = await db
    .selectFrom("notify_channels")
    .select(["telegram_bot_token", "email_digest"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  return row ?? { telegram_bot_token: null, email_digest: 0 };
}

/** `telegram_bot_token` undefined keeps the saved token (the form never shows it); null removes it. */
export async function saveNotifyChannels(
  db: Db,
  tenantId: string,
  c: { telegram_bot_token?: string | null; email_digest: number },
): Promise<void> {
  const now = nowIso();
  const set = {
    email_digest: c.email_digest,
    ...(c.telegram_bot_token !== undefined ? { telegram_bot_token: c.telegram_bot_token } : {}),
    updated_at: now,
  };
  await db
    .insertInto("notify_channels")
    .values({ tenant_id: tenantId, telegram_bot_token: c.telegram_bot_token ?? null, ...set })
    .onConflict((oc) => oc.column("tenant_id").doUpdateSet(set))
    .execute();
}
