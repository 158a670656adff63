export {
  createDeliverWebhookProcessor,
  type DeliverWebhookDeps,
  type DeliveryOutcome,
  RetryDelivery,
} from "./deliver-webhook.processor.ts";
export { dedupKey, entryToItem } from "./entries.ts";
export { createIngestProcessor, PAUSE_AFTER_FAILURES } from "./ingest.processor.ts";
export { enqueueDueSources, ensureTick, TICK_MS } from "./scheduler.ts";
export { requeueStrandedDeliveries } from "./webhook-sweep.ts";
export { startIngest } from "./worker.ts";
