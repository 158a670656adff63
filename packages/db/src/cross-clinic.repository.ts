/**
 * Every read (and the one write) that crosses clinics on purpose. Nothing
 * here is bound to a clinic: each function says why it needs more than one.
 * Code serving one clinic uses `forClinic(db, tenantId)` instead.
 */
import type { Verdict } from "@klinik/core";
import { sql } from "kysely";
import type { Tenant } from "./admin.repository.ts";
import { normalizeEmail } from "./admin.repository.ts";
import type { Db } from "./connect.ts";
import { publishedVersion } from "./repositories/clarification-edits.repository.ts";
import { type ItemRow, newItemRow } from "./repositories/items.repository.ts";
import type { Source } from "./repositories/sources.repository.ts";
import type { User } from "./repositories/users.repository.ts";
import { storableText } from "./storable-text.ts";
import { newId, newTicket, nowIso } from "./util.ts";

/** Ids of every clinic: jobs that visit each clinic in turn (matching a new clarification everywhere). */
export async function listClinicIds(db: Db): Promise<string[]> {
  return (await db.selectFrom("tenants").select("id").orderBy("id").execute()).map((t) => t.id);
}

/** Clinics that send an email digest: the digest job visits each in turn. */
export async function listClinicsWithDigest(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("notify_channels").select("tenant_id").where("email_digest", "=", 1).execute();
  return rows.map((r) => r.tenant_id);
}

/** A clinic by the slug of a public URL; the caller has no clinic yet. */
export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  return db.selectFrom("tenants").selectAll().where("slug", "=", storableText(slug)).executeTakeFirst();
}

/** A clinic by id (e.g. a job's payload); the caller has no clinic yet. */
export async function findTenantById(db: Db, id: string): Promise<Tenant | undefined> {
  return db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Login: an email is unique over the instance and names its clinic. */
export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normalizeEmail(email)).executeTakeFirst();
}

/** Every enabled source of every clinic: the ingest scheduler plans all clinics' fetches. */
export async function listEnabledSources(db: Db): Promise<Source[]> {
  // Webhook sources are pushed to, never fetched.
  return db.selectFrom("sources").selectAll().where("enabled", "=", 1).where("kind", "!=", "webhook").execute();
}

/**
 * Enabled, fetched sources of every clinic whose next fetch is due by `dueBy`
 * (never fetched counts as due), longest overdue first: the ingest tick enqueues
 * them. Reads the (enabled, next_fetch_at) index, so the cost follows the number
 * due, not the number of sources.
 */
export async function listDueSources(
  db: Db,
  dueBy: string,
  limit: number,
): Promise<Pick<Source, "id" | "tenant_id" | "next_fetch_at">[]> {
  return db
    .selectFrom("sources")
    .select(["id", "tenant_id", "next_fetch_at"])
    .where("enabled", "=", 1)
    .where((eb) => eb.or([eb("next_fetch_at", "is", null), eb("next_fetch_at", "<=", dueBy)]))
    .where("kind", "!=", "webhook")
    .orderBy(sql`coalesce(next_fetch_at, '')`)
    .limit(limit)
    .execute();
}

/**
 * Partner webhook deliveries left pending with nothing behind them, any clinic: the
 * announce found Redis down (the row is written, the job is not), or a Redis without
 * persistence lost the job. Pending for longer than `olderThanMs` since the last change,
 * no retry due within that time and no worker holding the lease; the ingest tick
 * re-enqueues them.
 */
export async function findStrandedDeliveries(
  db: Db,
  olderThanMs: number,
  limit: number,
): Promise<{ id: string; tenant_id: string }[]> {
  const now = nowIso();
  const cutoff = new Date(Date.now() - olderThanMs).toISOString();
  return db
    .selectFrom("webhook_deliveries")
    .select(["id", "tenant_id"])
    .where("status", "=", sql.lit("pending"))
    .where("updated_at", "<", cutoff)
    .where((eb) => eb.or([eb("next_retry_at", "is", null), eb("next_retry_at", "<", cutoff)]))
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
    .orderBy("updated_at")
    .limit(limit)
    .execute();
}

/** Items still pending after `olderThanMs`, any clinic: the sweeper re-enqueues what a lost enqueue left behind. */
export async function findStalePending(
  db: Db,
  olderThanMs: number,
  limit: number,
): Promise<{ id: string; tenant_id: string }[]> {
  const cutoff = new Date(Date.now() - olderThanMs).toISOString();
  return (
    db
      .selectFrom("items")
      .select(["id", "tenant_id"])
      // A literal, not a parameter, so the planner can use the partial index on pending items.
      .where("status", "=", sql.lit("pending"))
      .where("created_at", "<", cutoff)
      .orderBy("created_at")
      .limit(limit)
      .execute()
  );
}

export interface NewReport {
  tenantId: string;
  text: string;
  url: string | null;
  contact: string | null;
}

/**
 * Stores public reports and the items that carry them into the review queue,
 * all in one transaction: the API groups concurrent reports, of any clinic,
 * into one commit. Outside text is made storable (a NUL in one report once
 * failed a whole group on Postgres).
 */
export async function createReports(
  db: Db,
  input: NewReport[],
): Promise<{ reportId: string; itemId: string; ticket: string }[]> {
  if (input.length === 0) return [];
  const now = nowIso();
  const reports = input.map((r) => ({
    id: newId(),
    tenant_id: r.tenantId,
    text: storableText(r.text),
    url: storableText(r.url),
    contact: storableText(r.contact),
    received_at: now,
    ticket: newTicket(),
    contact_erased_at: null,
  }));
  const items: ItemRow[] = reports.map((r) =>
    newItemRow(
      {
        tenantId: r.tenant_id,
        sourceId: null,
        reportId: r.id,
        dedupKey: `report:${r.id}`,
        externalId: null,
        url: r.url,
        title: null,
        text: r.text,
        author: null,
        publishedAt: null,
      },
      now,
    ),
  );
  await db.transaction().execute(async (tx) => {
    // Chunks stay under SQLite's bound-parameter limit.
    for (let i = 0; i < input.length; i += 100) {
      await tx
        .insertInto("reports")
        .values(reports.slice(i, i + 100))
        .execute();
      await tx
        .insertInto("items")
        .values(items.slice(i, i + 100))
        .execute();
    }
  });
  return reports.map((r, i) => ({ reportId: r.id, itemId: items[i]?.id ?? "", ticket: r.ticket }));
}

export interface PublishedClarificationText {
  id: string;
  tenant_id: string;
  title: string;
  body: string;
  published_at: string;
  /** Signatures (base64) of the items the clarification answers. */
  item_signatures: string[];
}

/**
 * Published clarifications of EVERY clinic published after `after`, with the
 * signatures of their linked items: a clarification answers the same message
 * in every clinic, so cross-clinic matching indexes them all.
 */
export async function publishedClarificationsAfter(
  db: Db,
  after: string,
  limit: number,
): Promise<PublishedClarificationText[]> {
  const rows = await db
    .selectFrom("clarifications")
    .select(["id", "tenant_id", "title", "body", "published_at"])
    .where("status", "=", "published")
    .where("published_at", ">=", after)
    .orderBy("published_at")
    .limit(limit)
    .execute();
  return withItemSignatures(db, rows, after);
}

/** One published clarification (any clinic) with its items' signatures, to match it against every clinic's claims. */
export async function getPublishedClarificationForMatching(
  db: Db,
  id: string,
): Promise<PublishedClarificationText | undefined> {
  const rows = await db
    .selectFrom("clarifications")
    .select(["id", "tenant_id", "title", "body", "published_at"])
    .where("id", "=", id)
    .where("status", "=", "published")
    .execute();
  return (await withItemSignatures(db, rows, ""))[0];
}

async function withItemSignatures(
  db: Db,
  rows: { id: string; tenant_id: string; title: string; body: string; published_at: string | null }[],
  after: string,
): Promise<PublishedClarificationText[]> {
  if (rows.length === 0) return [];
  const sigs = await db
    .selectFrom("clarification_items as ci")
    .innerJoin("item_signatures as s", (j) =>
      j.onRef("s.item_id", "=", "ci.item_id").onRef("s.tenant_id", "=", "ci.tenant_id"),
    )
    .select(["ci.clarification_id", "s.signature"])
    .where(
      "ci.clarification_id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({
    ...r,
    published_at: r.published_at ?? after,
    item_signatures: sigs.filter((s) => s.clarification_id === r.id).map((s) => s.signature),
  }));
}

/** Public view of clarifications by id, published only: the public check answers with any clinic's. */
export async function getPublishedClarificationsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("clarifications as c")
    .innerJoin("tenants as t", "t.id", "c.tenant_id")
    .select([
      "c.id",
      "c.title",
      "c.body",
      "c.verdict",
      "c.published_at",
      "t.slug as clinic_slug",
      "t.name as clinic_name",
    ])
    .where("c.id", "in", ids)
    .where("c.status", "=", "published")
    .execute();
}

/** Every verdict with its item text, for retraining the scorer: labels are knowledge shared by all clinics. */
export async function listVerdictTexts(db: Db): Promise<{ text: string; title: string | null; verdict: Verdict }[]> {
  return db
    .selectFrom("verdicts as v")
    .innerJoin("items as i", (j) => j.onRef("i.id", "=", "v.item_id").onRef("i.tenant_id", "=", "v.tenant_id"))
    .select(["i.text", "i.title", "v.verdict"])
    .orderBy("v.created_at")
    .execute();
}

/** Published clarifications of every clinic, newest first, with their clinic: the instance-wide feeds. */
export async function listPublishedEverywhere(db: Db, limit: number) {
  return db
    .selectFrom("clarifications as c")
    .innerJoin("tenants as t", "t.id", "c.tenant_id")
    .selectAll("c")
    .select(["t.slug as clinic_slug", "t.name as clinic_name", "t.display_name as clinic_display_name"])
    .where("c.status", "=", "published")
    .orderBy("c.published_at", "desc")
    .orderBy("c.id")
    .limit(limit)
    .execute();
}

/** The instance-wide feeds' version: newest publication, correction or withdrawal in any clinic, and the count. */
export function publishedVersionEverywhere(db: Db): Promise<{ last: string | null; count: number }> {
  return publishedVersion(db, null);
}
