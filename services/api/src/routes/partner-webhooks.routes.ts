import type { WebhookAttempt, WebhookDelivery, WebhookSubscription } from "@klinik/db";
import { z } from "zod";
import { unwrap } from "../errors.ts";
import {
  createWebhook,
  disableWebhook,
  listWebhooks,
  webhookDeliveries,
  webhookInput,
} from "../services/webhooks.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { idParam, list } from "./schemas.ts";

// Partner webhooks (issue 13): a clinic's admins subscribe URLs that receive its publications.

const subscriptionSchema = z.object({
  id: z.string(),
  description: z.string(),
  url: z.string(),
  active: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  consecutiveFailures: z.number().describe("Deliveries failed in a row; one delivered resets it"),
  disabledReason: z
    .string()
    .nullable()
    .describe(
      "Why the system turned it off: 'gone: …' (the receiver answered 410) or 'failing: …' (too many failures in a row)",
    ),
  disabledAt: z.string().nullable(),
});
const subscriptionDto = (s: Omit<WebhookSubscription, "secret">) => ({
  id: s.id,
  description: s.name,
  url: s.url,
  active: s.active === 1,
  createdBy: s.created_by,
  createdAt: s.created_at,
  consecutiveFailures: s.consecutive_failures,
  disabledReason: s.disabled_reason,
  disabledAt: s.disabled_at,
});

const deliverySchema = z.object({
  id: z.string(),
  event: z.string(),
  clarificationId: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number(),
  responseCode: z.number().nullable(),
  lastError: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attemptLog: z.array(
    z.object({
      attempt: z.number(),
      responseCode: z.number().nullable(),
      durationMs: z.number(),
      error: z.string().nullable(),
      nextRetryAt: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
const attemptDto = (a: WebhookAttempt) => ({
  attempt: a.attempt,
  responseCode: a.response_code,
  durationMs: a.duration_ms,
  error: a.error,
  nextRetryAt: a.next_retry_at,
  at: a.created_at,
});
const deliveryDto = (d: WebhookDelivery & { attemptLog: WebhookAttempt[] }) => ({
  id: d.id,
  event: d.event,
  clarificationId: d.clarification_id,
  status: d.status,
  attempts: d.attempts,
  responseCode: d.response_code,
  lastError: d.last_error,
  nextRetryAt: d.next_retry_at,
  createdAt: d.created_at,
  updatedAt: d.updated_at,
  attemptLog: d.attemptLog.map(attemptDto),
});

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary: "The clinic's partner webhooks (never the secret)",
  access: "clinic",
  permission: "webhook.manage",
  ok: { status: 200, description: "Subscriptions", schema: list(subscriptionSchema) },
  errors: [403],
});
const createRoute = defineRoute({
  method: "post",
  path: "/",
  summary:
    "Subscribe an https URL to the clinic's publications, corrections and withdrawals; `secret` (signs each delivery, header X-Klinik-Signature) is in this answer only",
  access: "clinic",
  permission: "webhook.manage",
  request: jsonBody(webhookInput),
  ok: { status: 201, description: "Created", schema: subscriptionSchema.extend({ secret: z.string() }) },
  errors: [400, 403],
});
const disableRoute = defineRoute({
  method: "post",
  path: "/{id}/disable",
  summary: "Turn a partner webhook off: no further deliveries",
  access: "clinic",
  permission: "webhook.manage",
  resource: "webhook",
  request: { params: idParam },
  ok: { status: 200, description: "Turned off", schema: subscriptionSchema },
  errors: [403],
});
const deliveriesRoute = defineRoute({
  method: "get",
  path: "/{id}/deliveries",
  summary:
    "A partner webhook's delivery log, newest first: status, attempts, last error and response code, and every attempt (status code, duration, error, next retry)",
  access: "clinic",
  permission: "webhook.manage",
  resource: "webhook",
  request: { params: idParam },
  ok: { status: 200, description: "Deliveries", schema: list(deliverySchema) },
  errors: [403],
});

export const partnerWebhookRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const rows = unwrap(await listWebhooks(c.var.deps, c.var.principal));
    return c.json({ data: rows.map(subscriptionDto) }, 200);
  })
  .openapi(createRoute, async (c) => {
    const row = unwrap(await createWebhook(c.var.deps, c.var.principal, c.req.valid("json")));
    return c.json({ ...subscriptionDto(row), secret: row.secret }, 201);
  })
  .openapi(disableRoute, async (c) => {
    const row = unwrap(await disableWebhook(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json(subscriptionDto(row), 200);
  })
  .openapi(deliveriesRoute, async (c) => {
    const log = unwrap(await webhookDeliveries(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json({ data: log.deliveries.map(deliveryDto) }, 200);
  });
