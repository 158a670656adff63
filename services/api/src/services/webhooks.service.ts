import { randomBytes } from "node:crypto";
import type { WebhookAttempt, WebhookSubscription } from "@klinik/db";
import { z } from "zod";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { httpUrl } from "./inputs.ts";
import { invalid, notFound, ok } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "config">;

/** A partner's receiver: a URL and a note saying whose it is. */
export const webhookInput = z.object({
  url: httpUrl,
  description: z.string().trim().max(200).optional(),
});
export type WebhookInput = z.infer<typeof webhookInput>;

/** How many deliveries one log answer holds at most. */
export const DELIVERY_LOG_LIMIT = 200;

/** A subscription as admins see it: everything but the secret. */
export const publicSubscription = ({ secret: _secret, ...rest }: WebhookSubscription) => rest;

/**
 * Partners receive over https only; an exact URL on the operator's list (WEBHOOK_ALLOW_URLS,
 * a test's loopback receiver) is the one exception.
 */
function urlRefusal(deps: Deps, url: string) {
  const allowed = deps.config.WEBHOOK_ALLOW_URLS ?? [];
  if (allowed.includes(url)) return null;
  if (!/^https:\/\//i.test(url)) return invalid("url_https", "url: must be an https URL");
  return null;
}

export async function listWebhooks(deps: Deps, actor: Actor) {
  const no = denied(actor, "webhook.manage");
  if (no) return no;
  return ok((await clinicOf(deps, actor).webhooks.listSubscriptions()).map(publicSubscription));
}

/** A new subscription of the caller's clinic; its signing secret is in this answer only. */
export async function createWebhook(deps: Deps, actor: Actor, input: WebhookInput) {
  const no = denied(actor, "webhook.manage");
  if (no) return no;
  const refusal = urlRefusal(deps, input.url);
  if (refusal) return refusal;
  const clinic = clinicOf(deps, actor);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const name = input.description || new URL(input.url).hostname;
  const row = await clinic.webhooks.createSubscription({ name, url: input.url, secret, userId: actor.user.id });
  await audit(clinic, actor, {
    action: "webhook.create",
    targetType: "webhook",
    targetId: row.id,
    summary: { name, url: input.url },
  });
  return ok(row);
}

/** Turns a subscription of the caller's clinic off (another clinic's answers 404). */
export async function disableWebhook(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "webhook.manage");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const before = await clinic.webhooks.getSubscription(id);
  if (!before) return notFound("Webhook");
  if (before.active === 1) {
    await clinic.webhooks.setSubscriptionActive(id, false);
    await audit(clinic, actor, {
      action: "webhook.disable",
      targetType: "webhook",
      targetId: id,
      summary: { name: before.name, url: before.url },
    });
  }
  return ok(publicSubscription({ ...before, active: 0 }));
}

/** The delivery log of one of the clinic's subscriptions, newest first, each delivery with its attempts in order. */
export async function webhookDeliveries(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "webhook.manage");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const subscription = await clinic.webhooks.getSubscription(id);
  if (!subscription) return notFound("Webhook");
  const deliveries = await clinic.webhooks.listDeliveries({ subscriptionId: id, limit: DELIVERY_LOG_LIMIT });
  const attempts = await clinic.webhooks.listAttempts(deliveries.map((d) => d.id));
  const byDelivery = new Map<string, WebhookAttempt[]>();
  for (const a of attempts) byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
  // What the admin recognises a delivery by: its clarification's title (a log names a few).
  const titles = new Map<string, string>();
  for (const cid of new Set(deliveries.map((d) => d.clarification_id))) {
    const c = await clinic.getClarification(cid);
    if (c) titles.set(cid, c.title);
  }
  return ok({
    subscription: publicSubscription(subscription),
    deliveries: deliveries.map((d) => ({
      ...d,
      clarificationTitle: titles.get(d.clarification_id) ?? null,
      attemptLog: byDelivery.get(d.id) ?? [],
    })),
  });
}
