import { createHmac, timingSafeEqual } from "node:crypto";
import { type ClinicDb, forClinic, type Source, type Tenant } from "@klinik/db";
import { entryDedupKey } from "@klinik/feeds";
import { enqueueClassify } from "@klinik/queue";
import type { ServiceDeps } from "./deps.ts";
import type { WebhookInput } from "./inputs.ts";
import { fail, ok, type Result } from "./result.ts";

type Deps = Pick<
  ServiceDeps,
  "db" | "queues" | "logger" | "tenants" | "reportLimiter" | "reportWriter" | "clarifications"
>;

const SLUG = /^[a-z0-9-]{1,64}$/;

/** A clinic by its public slug (cached briefly; unknown slugs too). */
export async function publicClinic(deps: Pick<Deps, "tenants">, slug: string): Promise<Result<Tenant>> {
  const tenant = SLUG.test(slug) ? await deps.tenants.bySlug(slug) : undefined;
  return tenant ? ok(tenant) : fail("tenant_not_found", `Unknown clinic "${slug.slice(0, 64)}"`);
}

/** What the public may know about a clinic: its public name, logo and contact. */
export function publicClinicOf(t: Tenant) {
  return { slug: t.slug, name: t.display_name ?? t.name, logoUrl: t.logo_url, contact: t.contact };
}

/** Reports, checks and searches are counted per client address, shared by every API process. */
export async function publicRateLimit(deps: Pick<Deps, "reportLimiter">, address: string) {
  const wait = await deps.reportLimiter.hit(address);
  return wait > 0
    ? fail("rate_limited", `Too many requests from this address; try again in ${wait} s`, wait)
    : undefined;
}

/** A report from the public: stored (202 means on disk), then scored. The contact stays with the clinic. */
export async function submitReport(
  deps: Deps,
  input: { slug: string; address: string; text: string; url?: string | undefined; contact?: string | undefined },
) {
  const stop = await publicRateLimit(deps, input.address);
  if (stop) return stop;
  const clinic = await publicClinic(deps, input.slug);
  if (!clinic.ok) return clinic;
  return ok(
    await deps.reportWriter.write({
      tenantId: clinic.value.id,
      text: input.text,
      url: input.url ?? null,
      contact: input.contact ?? null,
    }),
  );
}

/** Published clarifications of one clinic, newest first: what the public reads. */
export async function publicClarifications(deps: Deps, slug: string, opts: { limit: number; before?: string }) {
  const clinic = await publicClinic(deps, slug);
  if (!clinic.ok) return clinic;
  const rows = await forClinic(deps.db, clinic.value.id).listPublishedClarifications(opts);
  return ok({ clinic: clinic.value, rows });
}

/** `sha256=<hex>` of HMAC-SHA256(secret, raw body). */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

// Compared against when the source is unknown, so timing does not tell which part was wrong.
const NO_SECRET = "klinik-unknown-webhook";

/**
 * Who may push to a webhook source: only a sender holding its secret. An unknown
 * clinic, an unknown source and a bad signature answer exactly the same.
 */
export async function authenticateWebhook(
  deps: Deps,
  input: { slug: string; sourceId: string; raw: string; signature: string | undefined },
): Promise<Result<{ clinic: ClinicDb; source: Source }>> {
  const found = await publicClinic(deps, input.slug);
  const clinic = found.ok ? forClinic(deps.db, found.value.id) : undefined;
  const source = clinic ? await clinic.getSource(input.sourceId.slice(0, 64)) : undefined;
  const usable = clinic && source?.kind === "webhook" && source.secret ? source : undefined;
  const expected = Buffer.from(webhookSignature(usable?.secret ?? NO_SECRET, input.raw));
  const given = Buffer.from((input.signature ?? "").trim());
  const match = expected.length === given.length && timingSafeEqual(expected, given);
  if (!clinic || !usable || !match) return fail("unauthorized", "Unknown webhook or bad X-Klinik-Signature");
  if (usable.enabled !== 1) return fail("source_paused", "This source is paused");
  return ok({ clinic, source: usable });
}

/** A post handed in from outside: by a webhook bridge or an integration token. */
export interface IncomingPost {
  id?: string | undefined;
  text: string;
  url?: string | undefined;
  title?: string | undefined;
  author?: string | undefined;
  publishedAt?: string | undefined;
}

/**
 * Stores posts handed in from outside and queues them for scoring: deduplicated
 * like feed entries (the sender's id within the source, its URL, else its content).
 * A lost enqueue is picked up by the sweeper.
 */
export async function storeIncoming(
  deps: Pick<Deps, "queues" | "logger">,
  clinic: ClinicDb,
  sourceId: string | null,
  posts: readonly IncomingPost[],
): Promise<{ inserted: number; pendingIds: string[] }> {
  const items = posts.map((p) => ({
    sourceId,
    reportId: null,
    dedupKey: entryDedupKey(sourceId ?? "api", {
      guid: sourceId ? (p.id ?? null) : null,
      url: p.url ?? null,
      title: p.title ?? null,
      text: p.text,
    }),
    externalId: p.id ?? null,
    url: p.url ?? null,
    title: p.title ?? null,
    text: p.text,
    author: p.author ?? null,
    publishedAt: p.publishedAt ?? null,
  }));
  const { inserted, pendingIds } = await clinic.insertItems(items);
  await enqueueClassify(deps.queues, clinic.tenantId, pendingIds).catch((err: unknown) =>
    deps.logger.warn({ err }, "intake enqueue deferred to sweeper"),
  );
  return { inserted, pendingIds };
}

/** Posts pushed by a bridge: deduplicated like feed entries (the sender's id, its URL, else its content). */
export async function acceptWebhookPosts(deps: Deps, to: { clinic: ClinicDb; source: Source }, body: WebhookInput) {
  const posts = "items" in body ? body.items : [body];
  const { inserted } = await storeIncoming(deps, to.clinic, to.source.id, posts);
  await to.clinic.recordWebhookDelivery(to.source.id, inserted);
  return ok({ accepted: posts.length, added: inserted });
}
