import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScoreReason } from "@klinik/core";
import pg from "pg";
import { forClinic } from "./clinic.ts";
import { type Db, type DbHandle, migrateToLatest, openDb } from "./connect.ts";
import type { ClinicItem } from "./repositories/items.repository.ts";
import { newId } from "./util.ts";

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or,
 * with `dialect: "postgres"`, a new schema in TEST_POSTGRES_URL dropped on close.
 */
export async function createTestDb(
  dialect: "sqlite" | "postgres" = "sqlite",
): Promise<DbHandle & { url: string; schema?: string }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "klinik-test-"));
    const url = `sqlite:${join(dir, "test.sqlite")}`;
    const handle = openDb(url);
    await migrateToLatest(handle.db);
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = testPostgresUrl();
  if (!base) throw new Error("TEST_POSTGRES_URL is not set");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDb(base, { schema, poolSize: 4 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: base,
    schema,
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** Postgres used by tests, if any: `TEST_POSTGRES_URL` (CI sets it). */
export function testPostgresUrl(): string | undefined {
  return process.env.TEST_POSTGRES_URL || undefined;
}

/**
 * Scores items the way the classifier stores them (each in a claim of its own,
 * no clarification matches), for tests that need a queue without running the
 * scorer. `signature` is the stored claim signature (base64, as the classifier
 * writes it; empty when not given). Returns the ids that were still pending.
 */
export async function scoreForTest(
  db: Db,
  tenantId: string,
  items: { id: string; score: number; reasons?: ScoreReason[]; signature?: string }[],
  modelVersion = "test-model",
): Promise<Set<string>> {
  return forClinic(db, tenantId).storeScoredItems(
    modelVersion,
    items.map((i) => ({
      itemId: i.id,
      result: { score: i.score, reasons: i.reasons ?? [] },
      clusterId: newId(),
      signature: i.signature ?? "",
      matches: [],
    })),
  );
}

/** A feed-less item for tests: `teks <key>` unless `fields` say otherwise. */
export function testItem(dedupKey: string, fields: Partial<ClinicItem> = {}): ClinicItem {
  return {
    sourceId: null,
    reportId: null,
    dedupKey,
    externalId: null,
    url: null,
    title: null,
    text: `teks ${dedupKey}`,
    author: null,
    publishedAt: null,
    ...fields,
  };
}
export {
  type FixtureClaim,
  STATS_EXPECTED,
  type StatsFixture,
  seedClaimAt,
  seedStatsFixture,
} from "./stats-fixture.ts";
export { referenceStatsRows } from "./stats-reference.ts";
