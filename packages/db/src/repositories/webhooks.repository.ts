import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type {
  WebhookAttemptTable,
  WebhookDeliveryStatus,
  WebhookDeliveryTable,
  WebhookEvent,
  WebhookSubscriptionTable,
} from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";

// Partner webhooks of one clinic. Every function takes (db, tenantId) first; ClinicDb binds
// them as `clinic.webhooks.*`.

export type WebhookSubscription = WebhookSubscriptionTable;
export type WebhookDelivery = WebhookDeliveryTable;
export type WebhookAttempt = WebhookAttemptTable;

export async function createSubscription(
  db: Db,
  tenantId: string,
  input: { name: string; url: string; secret: string; userId: string },
): Promise<WebhookSubscription> {
  const row: WebhookSubscription = {
    id: newId(),
    tenant_id: tenantId,
    name: storableText(input.name),
    url: storableText(input.url),
    secret: input.secret,
    active: 1,
    created_by: input.userId,
    created_at: nowIso(),
    consecutive_failures: 0,
    disabled_reason: null,
    disabled_at: null,
  };
  await db.insertInto("webhook_subscriptions").values(row).execute();
  return row;
}

export async function getSubscription(db: Db, tenantId: string, id: string): Promise<WebhookSubscription | undefined> {
  return db
    .selectFrom("webhook_subscriptions")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The clinic's subscriptions, newest first; `activeOnly` for those that receive events. */
export async function listSubscriptions(db: Db, tenantId: string, activeOnly = false): Promise<WebhookSubscription[]> {
  let q = db.selectFrom("webhook_subscriptions").selectAll().where("tenant_id", "=", tenantId);
  if (activeOnly) q = q.where("active", "=", 1);
  return q.orderBy("created_at", "desc").orderBy("id").limit(100).execute();
}

/**
 * Turns a subscription off (no further deliveries) or on again; false when it is not the
 * clinic's. `reason` says why the system turned it off (none when an admin did).
 */
export async function setSubscriptionActive(
  db: Db,
  tenantId: string,
  id: string,
  active: boolean,
  reason: string | null = null,
): Promise<boolean> {
  const r = await db
    .updateTable("webhook_subscriptions")
    .set(
      active
        ? { active: 1, disabled_reason: null, disabled_at: null, consecutive_failures: 0 }
        : { active: 0, disabled_reason: storableText(reason)?.slice(0, 500) ?? null, disabled_at: nowIso() },
    )
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** One pending delivery per active subscription for an event; the ids become BullMQ jobs. */
export async function createDeliveries(
  db: Db,
  tenantId: string,
  input: { event: WebhookEvent; clarificationId: string },
): Promise<WebhookDelivery[]> {
  const subs = await listSubscriptions(db, tenantId, true);
  if (subs.length === 0) return [];
  const now = nowIso();
  const rows: WebhookDelivery[] = subs.map((s) => ({
    id: newId(),
    tenant_id: tenantId,
    subscription_id: s.id,
    event: input.event,
    clarification_id: input.clarificationId,
    status: "pending",
    attempts: 0,
    response_code: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    next_retry_at: null,
    lease_until: null,
  }));
  await db.insertInto("webhook_deliveries").values(rows).execute();
  return rows;
}

export async function getDelivery(db: Db, tenantId: string, id: string): Promise<WebhookDelivery | undefined> {
  return db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * Takes a pending delivery for one attempt until `until`; false when it is no longer
 * pending or another worker holds it (a copy of the job), so nobody posts it twice at once.
 */
export async function leaseDelivery(db: Db, tenantId: string, id: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable("webhook_deliveries")
    .set({ lease_until: until })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", nowIso())]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface AttemptOutcome {
  /** The delivery's status after this attempt: pending (a retry follows), delivered or failed. */
  status: WebhookDeliveryStatus;
  attempt: number;
  responseCode: number | null;
  durationMs: number;
  error: string | null;
  nextRetryAt: string | null;
}

/**
 * Records one attempt (a row of the log) and the delivery's state after it, together.
 * Only a pending delivery moves: false (and nothing written) when it already ended, so a
 * copy of the job can never make a second "delivered".
 */
export async function recordAttempt(db: Db, tenantId: string, id: string, outcome: AttemptOutcome): Promise<boolean> {
  const error = outcome.error === null ? null : storableText(outcome.error).slice(0, 500);
  const now = nowIso();
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("webhook_deliveries")
      .set({
        status: outcome.status,
        attempts: outcome.attempt,
        response_code: outcome.responseCode,
        last_error: error,
        next_retry_at: outcome.nextRetryAt,
        lease_until: null,
        updated_at: now,
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await tx
      .insertInto("webhook_attempts")
      .values({
        id: newId(),
        tenant_id: tenantId,
        delivery_id: id,
        attempt: outcome.attempt,
        response_code: outcome.responseCode,
        duration_ms: Math.max(0, Math.round(outcome.durationMs)),
        error,
        next_retry_at: outcome.nextRetryAt,
        created_at: now,
      })
      .execute();
    return true;
  });
}

/** Ends a pending delivery without an attempt (its subscription was turned off meanwhile). */
export async function abandonDelivery(db: Db, tenantId: string, id: string, reason: string): Promise<void> {
  await db
    .updateTable("webhook_deliveries")
    .set({
      status: "failed",
      last_error: storableText(reason).slice(0, 500),
      next_retry_at: null,
      lease_until: null,
      updated_at: nowIso(),
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .execute();
}

/**
 * Counts a delivery that ended against its subscription: delivered resets the count of
 * failures in a row; a failure adds one, and at `disableAfter` in a row turns the
 * subscription off with `reason`. Answers the count and whether this call turned it off.
 */
export async function countDeliveryOutcome(
  db: Db,
  tenantId: string,
  subscriptionId: string,
  delivered: boolean,
  disable: { after: number; reason: (failures: number) => string },
): Promise<{ failures: number; disabled: boolean }> {
  const sub = db
    .updateTable("webhook_subscriptions")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", subscriptionId);
  if (delivered) {
    await sub.set({ consecutive_failures: 0 }).execute();
    return { failures: 0, disabled: false };
  }
  await sub.set((eb) => ({ consecutive_failures: eb("consecutive_failures", "+", 1) })).execute();
  const row = await getSubscription(db, tenantId, subscriptionId);
  const failures = row?.consecutive_failures ?? 0;
  if (row?.active !== 1 || failures < disable.after) return { failures, disabled: false };
  return {
    failures,
    disabled: await setSubscriptionActive(db, tenantId, subscriptionId, false, disable.reason(failures)),
  };
}

/** Every attempt of the given deliveries of the clinic, in order. */
export async function listAttempts(
  db: Db,
  tenantId: string,
  deliveryIds: readonly string[],
): Promise<WebhookAttempt[]> {
  if (deliveryIds.length === 0) return [];
  return db
    .selectFrom("webhook_attempts")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("delivery_id", "in", deliveryIds)
    .orderBy("delivery_id")
    .orderBy("attempt")
    .orderBy("created_at")
    .execute();
}

/** The delivery log, newest first, of one subscription or of all of the clinic's. */
export async function listDeliveries(
  db: Db,
  tenantId: string,
  opts: { subscriptionId?: string | undefined; limit: number },
): Promise<WebhookDelivery[]> {
  let q = db.selectFrom("webhook_deliveries").selectAll().where("tenant_id", "=", tenantId);
  if (opts.subscriptionId) q = q.where("subscription_id", "=", opts.subscriptionId);
  return q.orderBy("created_at", "desc").orderBy("id", "desc").limit(opts.limit).execute();
}
