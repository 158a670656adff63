import { PAUSED_TEXT, pausedAfterFailuresText, type SourceKind } from "@klinik/core";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { SourceTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";
import { findOwnRow } from "./clinic-rows.ts";

export type Source = SourceTable;

export async function listSources(db: Db, tenantId: string): Promise<Source[]> {
  return db
    .selectFrom("sources")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function getSource(db: Db, tenantId: string, id: string): Promise<Source | undefined> {
  return findOwnRow(db, tenantId, "sources", id);
}

export async function findSourceByUrl(db: Db, tenantId: string, url: string): Promise<Source | undefined> {
  return db
    .selectFrom("sources")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("url", "=", storableText(url))
    .executeTakeFirst();
}

export async function createSource(
  db: Db,
  tenantId: string,
  input: { kind: SourceKind; name: string; url: string; scheduleSec: number; secret?: string | null; id?: string },
): Promise<Source> {
  const row: Source = {
    id: input.id ?? newId(),
    tenant_id: tenantId,
    kind: input.kind,
    name: storableText(input.name),
    url: storableText(input.url),
    schedule_sec: input.scheduleSec,
    enabled: 1,
    paused_reason: null,
    etag: null,
    last_modified: null,
    last_fetch_at: null,
    last_status: null,
    last_error: null,
    consecutive_failures: 0,
    items_added: 0,
    next_fetch_at: null,
    secret: input.secret ?? null,
    created_at: nowIso(),
    dropped_total: 0,
    drops: null,
    last_drop_reason: null,
    last_drop_at: null,
  };
  await db.insertInto("sources").values(row).execute();
  return row;
}

/** Entries a fetch did not store, counted per reason (e.g. `cap`, `empty`, `invalid`). */
export type SourceDrops = Record<string, number>;

/** The counts per reason stored on a source (`sources.drops`); unreadable JSON counts as none. */
export function sourceDrops(row: Pick<Source, "drops">): SourceDrops {
  if (!row.drops) return {};
  try {
    const parsed: unknown = JSON.parse(row.drops);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    const out: SourceDrops = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === "number" && v > 0) out[k] = v;
    return out;
  } catch {
    return {};
  }
}

/**
 * Records a successful fetch. Entries it did not store (`dropped`, per reason)
 * are added to the source's counts in the same transaction, with the reason
 * of the largest share as the last one, so the admin sees what a feed lost.
 */
export async function recordFetchSuccess(
  db: Db,
  tenantId: string,
  id: string,
  r: {
    status: number;
    etag: string | null;
    lastModified: string | null;
    added: number;
    nextFetchAt: string;
    dropped?: SourceDrops;
  },
): Promise<void> {
  const dropped = Object.entries(r.dropped ?? {}).filter(([, n]) => n > 0);
  const set = (drops: Pick<Source, "drops"> | undefined) => {
    const base = {
      last_fetch_at: nowIso(),
      last_status: r.status,
      last_error: null,
      consecutive_failures: 0,
      etag: storableText(r.etag),
      last_modified: storableText(r.lastModified),
      next_fetch_at: r.nextFetchAt,
    };
    if (!drops || dropped.length === 0) return base;
    const counts = sourceDrops(drops);
    let total = 0;
    for (const [reason, n] of dropped) {
      counts[reason] = (counts[reason] ?? 0) + n;
      total += n;
    }
    const [main] = [...dropped].sort((a, b) => b[1] - a[1]);
    return {
      ...base,
      dropped: total,
      drops: JSON.stringify(counts),
      last_drop_reason: main ? main[0] : null,
      last_drop_at: base.last_fetch_at,
    };
  };
  const update = (tx: Db, { dropped: n = 0, ...values }: ReturnType<typeof set> & { dropped?: number }) =>
    tx
      .updateTable("sources")
      .set((eb) => ({
        ...values,
        items_added: eb("items_added", "+", r.added),
        dropped_total: eb("dropped_total", "+", n),
      }))
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .execute();
  if (dropped.length === 0) {
    await update(db, set(undefined));
    return;
  }
  // The total is added in SQL; the counts per reason are read and written back in one transaction.
  await db.transaction().execute(async (tx) => {
    const cur = await tx
      .selectFrom("sources")
      .select(["drops"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();
    await update(tx, set(cur ?? { drops: null }));
  });
}

/** Records a failed fetch; after `pauseAfter` failures in a row the source is paused with the reason. */
export async function recordFetchFailure(
  db: Db,
  tenantId: string,
  id: string,
  r: { status: number | null; error: string; nextFetchAt: string; pauseAfter: number },
): Promise<{ failures: number; paused: boolean }> {
  return db.transaction().execute(async (tx) => {
    const cur = await tx
      .selectFrom("sources")
      .select("consecutive_failures")
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();
    const failures = (cur?.consecutive_failures ?? 0) + 1;
    const paused = failures >= r.pauseAfter;
    const error = storableText(r.error);
    await tx
      .updateTable("sources")
      .set({
        last_fetch_at: nowIso(),
        last_status: r.status,
        last_error: error,
        consecutive_failures: failures,
        next_fetch_at: r.nextFetchAt,
        ...(paused ? { enabled: 0, paused_reason: pausedAfterFailuresText(failures, error) } : {}),
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .execute();
    return { failures, paused };
  });
}

/**
 * Pauses (with the reason shown to admins) or resumes a source. Resuming clears
 * the failure count and fetches at the next scheduler pass.
 */
export async function setSourceEnabled(
  db: Db,
  tenantId: string,
  id: string,
  enabled: boolean,
  reason: string | null = null,
): Promise<Source | undefined> {
  await db
    .updateTable("sources")
    .set(
      enabled
        ? { enabled: 1, paused_reason: null, consecutive_failures: 0, next_fetch_at: null }
        : { enabled: 0, paused_reason: storableText(reason) ?? PAUSED_TEXT },
    )
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .execute();
  return getSource(db, tenantId, id);
}

/** Credits items pushed to a webhook source. */
export async function recordWebhookDelivery(db: Db, tenantId: string, id: string, added: number): Promise<void> {
  await db
    .updateTable("sources")
    .set((eb) => ({
      last_fetch_at: nowIso(),
      last_status: 202,
      last_error: null,
      items_added: eb("items_added", "+", added),
    }))
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .execute();
}
