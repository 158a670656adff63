import {
  type ClarificationRow,
  forClinic,
  listPublishedEverywhere,
  publishedVersionEverywhere,
  type Tenant,
} from "@klinik/db";
import type { ServiceDeps } from "./deps.ts";
import { publicClinic } from "./intake.service.ts";
import { ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "tenants">;

/** Entries in one feed: the newest published clarifications. */
export const FEED_ENTRIES = 50;

export interface FeedEntry extends ClarificationRow {
  clinic_slug: string;
  clinic_name: string;
}

/** What a feed shows, and what it last changed (a publication, correction or withdrawal) for ETag/Last-Modified. */
export interface FeedSource {
  clinic: Tenant | null;
  version: { last: string | null; count: number };
  /** Rows are read only when the reader's copy is stale. */
  rows(): Promise<FeedEntry[]>;
}

/** A clinic's published clarifications (withdrawn ones have left), newest first. */
export async function clinicFeed(deps: Deps, slug: string): Promise<Result<FeedSource>> {
  const clinic = await publicClinic(deps, slug);
  if (!clinic.ok) return clinic;
  const t = clinic.value;
  const db = forClinic(deps.db, t.id);
  return ok({
    clinic: t,
    version: await db.editorial.publishedVersion(),
    rows: async () =>
      (await db.listPublishedClarifications({ limit: FEED_ENTRIES })).map((r) => ({
        ...r,
        clinic_slug: t.slug,
        clinic_name: t.display_name ?? t.name,
      })),
  });
}

/** Every clinic's published clarifications, newest first. */
export async function instanceFeed(deps: Deps): Promise<Result<FeedSource>> {
  return ok({
    clinic: null,
    version: await publishedVersionEverywhere(deps.db),
    rows: async () =>
      (await listPublishedEverywhere(deps.db, FEED_ENTRIES)).map((r) => ({
        ...r,
        clinic_name: r.clinic_display_name ?? r.clinic_name,
      })),
  });
}
