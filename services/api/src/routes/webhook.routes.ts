import { createHmac, timingSafeEqual } from "node:crypto";
import { getSource, insertItems, recordWebhookDelivery, sha256 } from "@klinik/db";
import { enqueueClassify } from "@klinik/queue";
import { Hono } from "hono";
import { bodyText } from "../body.ts";
import type { Env } from "../context.ts";
import { ApiError, describeZodError } from "../errors.ts";
import { webhookBody } from "../schemas.ts";

/** `sha256=<hex>` of HMAC-SHA256(secret, raw body), compared in constant time. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

function signatureMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given.trim());
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Push ingest for tiplines and bridges (e.g. a WhatsApp tipline): the body is
 * signed with the source's secret. Unknown clinic, unknown source and a bad
 * signature all answer the same 401/404 without revealing which was wrong.
 */
export const webhookRoutes = new Hono<Env>().post("/:tenant/webhook/:sourceId", async (c) => {
  const { db, queues, logger } = c.var.deps;
  const raw = await bodyText(c);
  const slug = c.req.param("tenant");
  const tenant = /^[a-z0-9-]{1,64}$/.test(slug) ? await c.var.deps.tenants.bySlug(slug) : undefined;
  const source = tenant ? await getSource(db, tenant.id, c.req.param("sourceId").slice(0, 64)) : undefined;
  if (!tenant || !source || source.kind !== "webhook" || !source.secret) {
    throw new ApiError(404, "not_found", "Unknown webhook");
  }
  if (!signatureMatches(webhookSignature(source.secret, raw), c.req.header("x-klinik-signature"))) {
    throw new ApiError(401, "bad_signature", "X-Klinik-Signature does not match the body");
  }
  if (source.enabled !== 1) throw new ApiError(409, "source_paused", `Source is paused: ${source.paused_reason ?? ""}`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", "Request body is not valid JSON");
  }
  const parsed = webhookBody.safeParse(json);
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  const posts = "items" in parsed.data ? parsed.data.items : [parsed.data];
  const items = posts.map((p) => ({
    tenantId: tenant.id,
    sourceId: source.id,
    reportId: null,
    // The sender's own id dedups retries; without one, the content does.
    dedupKey: p.id ? `guid:${source.id}:${p.id}` : `hash:${sha256(`${source.id}\n${p.text}`)}`,
    externalId: p.id ?? null,
    url: p.url ?? null,
    title: null,
    text: p.text,
    author: p.author ?? null,
    publishedAt: p.publishedAt ?? null,
  }));
  const { inserted, pendingIds } = await insertItems(db, tenant.id, items);
  await recordWebhookDelivery(db, tenant.id, source.id, inserted);
  await enqueueClassify(queues, tenant.id, pendingIds).catch((err: unknown) =>
    logger.warn({ err }, "webhook enqueue deferred to sweeper"),
  );
  return c.json({ accepted: posts.length, added: inserted }, 202);
});
