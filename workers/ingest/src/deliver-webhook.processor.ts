import { type Db, forClinic, type WebhookDelivery } from "@klinik/db";
import { type PostOptions, postJson, signWebhook, storedError } from "@klinik/feeds";
import type { JobPayload } from "@klinik/queue";
import { webhookPayload } from "./webhook-payload.ts";

export interface DeliverWebhookDeps {
  db: Db;
  logger: { warn(obj: object, msg?: string): void };
  /** The receiver's address rules: only the operator's WEBHOOK_ALLOW_URLS may be private. */
  postOptions: PostOptions;
  /** A subscription whose deliveries failed this many times in a row is turned off (WEBHOOK_DISABLE_AFTER). */
  disableAfter: number;
  /** Links in payloads point here (PUBLIC_BASE_URL); without it a payload carries the path only. */
  publicBaseUrl?: string | undefined;
  post?: typeof postJson;
}

/** What the processor reads of its BullMQ job: the attempts it has and how far it is. */
export interface JobAttempts {
  opts: { attempts?: number | undefined; backoff?: number | { type: string; delay?: number | undefined } | undefined };
  attemptsMade: number;
}

export type DeliveryOutcome =
  | { kind: "skipped"; reason: "missing" | "ended" | "subscription_off" }
  | { kind: "delivered"; attempt: number; status: number }
  | { kind: "failed"; attempt: number; error: string; disabled: boolean };

/** Thrown for BullMQ to try again later (with the catalog's exponential backoff). */
export class RetryDelivery extends Error {}

/** What one attempt came to; `code` is the receiver's HTTP status when it answered. */
type Answer =
  | { kind: "ok"; code: number }
  | { kind: "retry" | "final"; code: number | null; error: string; gone?: boolean };

/**
 * 2xx is delivered. A timeout, a network failure, 408, 429 and 5xx may pass: tried again.
 * Any other answer will not change by asking again: a 3xx (redirects are not followed,
 * the URL is wrong), a 4xx, and 410 Gone, which also turns the subscription off.
 */
function judge(r: Awaited<ReturnType<typeof postJson>>): Answer {
  if (r.kind === "error") {
    const final = ["invalid_url", "unsupported_scheme", "credentials_in_url", "blocked_address"].includes(r.code);
    return { kind: final ? "final" : "retry", code: null, error: storedError(r) };
  }
  const code = r.status;
  if (code >= 200 && code < 300) return { kind: "ok", code };
  const error = storedError({ code: "http_error", message: `The receiver answered HTTP ${code}.` });
  if (code === 408 || code === 429 || code >= 500) return { kind: "retry", code, error };
  return { kind: "final", code, error, gone: code === 410 };
}

/** When BullMQ runs the next attempt after `attempt` failed: its exponential backoff without jitter. */
function nextRetryAt(job: JobAttempts, attempt: number, now: number): string {
  const b = job.opts.backoff;
  const delay = typeof b === "number" ? b : (b?.delay ?? 0);
  const ms = typeof b === "object" && b.type === "fixed" ? delay : 2 ** (attempt - 1) * delay;
  return new Date(now + ms).toISOString();
}

/**
 * Posts one event to one partner, signed with the subscription's secret, and writes the
 * attempt to the clinic's delivery log. BullMQ is at-least-once, so the delivery row
 * decides: a delivery that ended is never posted again, and a lease keeps two copies of
 * the job from posting at once. Receivers dedupe on the X-Klinik-Delivery header.
 */
export function createDeliverWebhookProcessor(deps: DeliverWebhookDeps) {
  const post = deps.post ?? postJson;
  const timeoutMs = deps.postOptions.timeoutMs ?? 10_000;
  return async (p: JobPayload<"deliver-webhook">, job: JobAttempts): Promise<DeliveryOutcome> => {
    const clinic = forClinic(deps.db, p.tenantId);
    const delivery = await clinic.webhooks.getDelivery(p.deliveryId);
    if (!delivery) return { kind: "skipped", reason: "missing" };
    if (delivery.status !== "pending") return { kind: "skipped", reason: "ended" };
    const sub = await clinic.webhooks.getSubscription(delivery.subscription_id);
    if (sub?.active !== 1) {
      await clinic.webhooks.abandonDelivery(delivery.id, "subscription_off: The subscription was turned off.");
      return { kind: "skipped", reason: "subscription_off" };
    }
    // Longer than any attempt can take, so a lease outlives only a worker that died mid-post.
    const leaseUntil = new Date(Date.now() + timeoutMs + 30_000).toISOString();
    if (!(await clinic.webhooks.leaseDelivery(delivery.id, leaseUntil))) {
      const now = await clinic.webhooks.getDelivery(delivery.id);
      if (now?.status !== "pending") return { kind: "skipped", reason: "ended" };
      throw new RetryDelivery(`delivery ${delivery.id} is being posted by another worker`);
    }

    const attempt = delivery.attempts + 1;
    const body = JSON.stringify(await webhookPayload(clinic, delivery, deps.publicBaseUrl));
    const started = performance.now();
    const answer = judge(
      await post(
        sub.url,
        body,
        {
          "user-agent": "KlinikHoaks-Webhook/1",
          "x-klinik-event": delivery.event,
          "x-klinik-delivery": delivery.id,
          "x-klinik-attempt": String(attempt),
          "x-klinik-signature": signWebhook(sub.secret, body),
        },
        deps.postOptions,
      ),
    );
    const durationMs = performance.now() - started;
    const status = lastStatus(answer, job);
    const retryAt = status === "pending" ? nextRetryAt(job, job.attemptsMade + 1, Date.now()) : null;
    const recorded = await clinic.webhooks.recordAttempt(delivery.id, {
      status,
      attempt,
      responseCode: answer.code,
      durationMs,
      error: answer.kind === "ok" ? null : answer.error,
      nextRetryAt: retryAt,
    });
    if (!recorded) return { kind: "skipped", reason: "ended" };
    if (status === "pending") throw new RetryDelivery(answer.kind === "ok" ? "" : answer.error);
    return settle(deps, delivery, answer, attempt);
  };
}

/** The subscription's count of failures in a row, and turning it off on 410 or past the limit. */
async function settle(
  d: DeliverWebhookDeps,
  delivery: WebhookDelivery,
  answer: Answer,
  attempt: number,
): Promise<DeliveryOutcome> {
  const clinic = forClinic(d.db, delivery.tenant_id);
  if (answer.kind === "ok") {
    await clinic.webhooks.countDeliveryOutcome(delivery.subscription_id, true, {
      after: d.disableAfter,
      reason: () => "",
    });
    return { kind: "delivered", attempt, status: answer.code };
  }
  let disabled = false;
  if (answer.gone) {
    disabled = await clinic.webhooks.setSubscriptionActive(
      delivery.subscription_id,
      false,
      "gone: The receiver answered 410 Gone.",
    );
  }
  const counted = await clinic.webhooks.countDeliveryOutcome(delivery.subscription_id, false, {
    after: d.disableAfter,
    reason: (n) => `failing: ${n} deliveries in a row failed.`,
  });
  disabled ||= counted.disabled;
  if (disabled) {
    d.logger.warn(
      { tenantId: delivery.tenant_id, subscriptionId: delivery.subscription_id, error: answer.error },
      "partner webhook turned off",
    );
  }
  return { kind: "failed", attempt, error: answer.error, disabled };
}

/** Pending while BullMQ has attempts left for a failure that may pass. */
function lastStatus(answer: Answer, job: JobAttempts): "pending" | "delivered" | "failed" {
  if (answer.kind === "ok") return "delivered";
  if (answer.kind === "final") return "failed";
  return job.attemptsMade + 1 < (job.opts.attempts ?? 1) ? "pending" : "failed";
}
