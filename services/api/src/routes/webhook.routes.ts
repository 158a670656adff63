import type { ClinicDb, Source } from "@klinik/db";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { Env } from "../context.ts";
import { unwrap } from "../errors.ts";
import { webhookInput } from "../services/inputs.ts";
import { acceptWebhookPosts, authenticateWebhook } from "../services/intake.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";

type WebhookEnv = Env & { Variables: { webhook: { clinic: ClinicDb; source: Source } } };

/** The signature is checked on the raw bytes before the body is parsed or validated. */
const signed = createMiddleware<WebhookEnv>(async (c, next) => {
  const raw = await c.req.text();
  c.set(
    "webhook",
    unwrap(
      await authenticateWebhook(c.var.deps, {
        slug: c.req.param("tenant") ?? "",
        sourceId: c.req.param("sourceId") ?? "",
        raw,
        signature: c.req.header("x-klinik-signature"),
      }),
    ),
  );
  await next();
});

const webhookRoute = defineRoute({
  method: "post",
  path: "/{tenant}/webhook/{sourceId}",
  summary:
    "Signed push of posts into a webhook source (header X-Klinik-Signature: sha256=HMAC-SHA256(secret, body) in hex)",
  access: "webhook",
  middleware: [signed as never],
  request: {
    params: z.object({ tenant: z.string().max(100), sourceId: z.string().max(100) }),
    ...jsonBody(webhookInput),
  },
  ok: { status: 202, description: "Accepted", schema: z.object({ accepted: z.number(), added: z.number() }) },
  errors: [401, 409],
});

/**
 * Push ingest for tiplines and bridges (e.g. a WhatsApp tipline). An unknown
 * clinic, an unknown source and a bad signature answer the same 401.
 */
export const webhookRoutes = apiApp().openapi(webhookRoute, async (c) => {
  const to = (c as unknown as { var: WebhookEnv["Variables"] }).var.webhook;
  return c.json(unwrap(await acceptWebhookPosts(c.var.deps, to, c.req.valid("json"))), 202);
});
