import type { ClinicDb, WebhookEvent } from "@klinik/db";
import { enqueue } from "@klinik/queue";
import type { ServiceDeps } from "./deps.ts";

/**
 * Tells the clinic's partners about a publication, correction or withdrawal: one
 * delivery row per active subscription (the admin's log) and one BullMQ job each
 * (`deliver-webhook`, retried with backoff by the ingest worker). Best effort like
 * matching: the change stands if Redis is down, and the row says the delivery is pending.
 */
export async function announce(
  deps: Pick<ServiceDeps, "queues" | "logger">,
  clinic: ClinicDb,
  event: WebhookEvent,
  clarificationId: string,
): Promise<void> {
  try {
    const deliveries = await clinic.webhooks.createDeliveries({ event, clarificationId });
    for (const d of deliveries) {
      await enqueue(
        deps.queues,
        "deliver-webhook",
        { tenantId: clinic.tenantId, deliveryId: d.id },
        { jobId: `wh-${d.id}` },
      );
    }
  } catch (err) {
    deps.logger.warn({ err, clarificationId, event }, "partner webhooks not enqueued");
  }
}
