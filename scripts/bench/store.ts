/**
 * `pnpm bench store [--items=N]`: the classifier's database work alone on a
 * fresh SQLite file: inserting N feed items (100 per call, as ingest does) and
 * storing their scores in batches of 100 (`storeScoredItems`, each item a claim
 * of its own), in µs per item, for the first and the last fifth of the run, so
 * a cost that grows with the table shows. Optionally with the planner
 * statistics removed (`--no-stats`), to see what seedPlannerStats is worth.
 */
import { createTenant, forClinic, newId } from "@klinik/db";
import { createTestDb } from "@klinik/db/testing";
import { sql } from "kysely";
import { arg, fakeText, table } from "./_util.ts";

const args = process.argv.slice(2);
const N = arg(args, "items", 20_000);
const BATCH = 100;

async function run(withStats: boolean) {
  const db = await createTestDb("sqlite");
  try {
    if (!withStats) {
      await sql`delete from sqlite_stat1`.execute(db.db);
      await sql`analyze sqlite_schema`.execute(db.db);
    }
    const tenant = await createTenant(db.db, { slug: "bench", name: "Bench" });
    const clinic = forClinic(db.db, tenant.id);
    const insertMs: number[] = [];
    const storeMs: number[] = [];
    const signature = "x".repeat(684); // a base64 MinHash signature is this long
    for (let i = 0; i < N; i += BATCH) {
      const items = Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => ({
        sourceId: null,
        reportId: null,
        dedupKey: `bench:${i + k}`,
        externalId: null,
        url: null,
        title: `Kabar ${i + k}`,
        text: fakeText(i + k, 40),
        author: null,
        publishedAt: null,
      }));
      let t = performance.now();
      const { pendingIds } = await clinic.insertItems(items);
      insertMs.push(performance.now() - t);
      t = performance.now();
      await clinic.storeScoredItems(
        "bench",
        pendingIds.map((id, k) => ({
          itemId: id,
          result: {
            // Scores spread like real ones: each lands somewhere in the score-ordered indexes.
            score: (((i + k) * 2654435761) % 1000) / 1000,
            reasons: [
              { code: "term:a", label: "kata: a", weight: 0.3 },
              { code: "term:b", label: "kata: b", weight: -0.2 },
            ],
          },
          clusterId: newId(),
          signature,
          matches: [],
        })),
      );
      storeMs.push(performance.now() - t);
    }
    const fifth = Math.max(1, Math.floor(insertMs.length / 5));
    const perItem = (xs: number[]) => ((xs.reduce((a, b) => a + b, 0) / (xs.length * BATCH)) * 1000).toFixed(0);
    return {
      insertFirst: perItem(insertMs.slice(0, fifth)),
      insertLast: perItem(insertMs.slice(-fifth)),
      storeFirst: perItem(storeMs.slice(0, fifth)),
      storeLast: perItem(storeMs.slice(-fifth)),
    };
  } finally {
    await db.close();
  }
}

console.log(`store bench: ${N} items, batches of ${BATCH}, fresh SQLite file`);
const seeded = await run(true);
const bare = args.includes("--no-stats") ? await run(false) : undefined;
console.log(
  table([
    ["planner statistics", "insert µs/item (first → last fifth)", "store µs/item (first → last fifth)"],
    [
      "seeded (as migrateToLatest leaves them)",
      `${seeded.insertFirst} → ${seeded.insertLast}`,
      `${seeded.storeFirst} → ${seeded.storeLast}`,
    ],
    ...(bare
      ? [
          [
            "none (SQLite's defaults)",
            `${bare.insertFirst} → ${bare.insertLast}`,
            `${bare.storeFirst} → ${bare.storeLast}`,
          ],
        ]
      : []),
  ]),
);
process.exit(0);
