import type { Db } from "../connect.ts";
import type {
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

export async function createSubscription(
  db: Db,
  tenantId: string,
  input: { name: string; url: string; secret: string; userId: string },
): Promise<WebhookSubscription> {
  const row: WebhookSubscription = {
    id: newId(),
    tenant_id: tenantId,
    name: input.name,
    url: input.url,
    secret: input.secret,
    active: 1,
    created_by: input.userId,
    created_at: nowIso(),
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

/** Turns a subscription off (no further deliveries) or on again; false when it is not the clinic's. */
export async function setSubscriptionActive(db: Db, tenantId: string, id: string, active: boolean): Promise<boolean> {
  const r = await db
    .updateTable("webhook_subscriptions")
    .set({ active: active ? 1 : 0 })
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

/** Records one attempt's outcome (the worker calls this on every attempt). */
export async function recordAttempt(
  db: Db,
  tenantId: string,
  id: string,
  outcome: {
    status: WebhookDeliveryStatus;
    attempts: number;
    responseCode: number | null;
    error: string | null;
  },
): Promise<void> {
  await db
    .updateTable("webhook_deliveries")
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      response_code: outcome.responseCode,
      last_error: outcome.error === null ? null : outcome.error.slice(0, 500),
      updated_at: nowIso(),
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
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
