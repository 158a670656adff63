/**
 * `pnpm bench faults [--items=20000] [--clinics=6] [--feeds=12] [--feed-families=40]`: the
 * fault run of `pnpm test:faults` (scripts/lib/fault-run.ts) at 20,000 items: a private
 * Postgres (Debian's binaries; without them TEST_POSTGRES_URL, or DATABASE_URL when it is
 * postgres://, and no restart), a private redis-server without persistence, an API, two
 * ingest processes reading loopback feeds and two classifier processes, six faults between
 * seven waves (SIGKILLs of classifier and ingest processes, every Postgres connection
 * terminated twice, Redis killed and restarted empty, Postgres stopped in immediate mode
 * and started again). Prints the counts the test asserts, and how long the run took.
 */

import { runFaults } from "../lib/fault-run.ts";
import { postgresBinDir } from "../lib/private-postgres.ts";
import { arg, table } from "./_util.ts";

const args = process.argv.slice(2);
const items = arg(args, "items", 20_000);
const postgresUrl = postgresBinDir()
  ? undefined
  : process.env.TEST_POSTGRES_URL ||
    (process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : undefined);
if (!postgresBinDir() && !postgresUrl) {
  console.error(
    "pnpm bench faults needs Postgres: Debian's postgresql binaries (a private instance, also restarted), or TEST_POSTGRES_URL=postgres://… (a schema of its own is created and dropped; no restart)",
  );
  process.exit(2);
}
if (postgresUrl) console.log("no Postgres binaries: running on TEST_POSTGRES_URL, without the Postgres restart");
const copies = 3;
const clinics = arg(args, "clinics", 6);
const counts = await runFaults({
  ...(postgresUrl ? { postgresUrl } : {}),
  families: Math.ceil(items / copies),
  copies,
  clinics,
  feeds: arg(args, "feeds", 2 * clinics),
  familiesPerFeed: arg(args, "feed-families", 40),
  drainTimeoutMs: 600_000,
  log: (line) => console.log(line),
});
console.log(
  table([
    [
      "acknowledged",
      "feed entries",
      "dropped on sources",
      "lost",
      "duplicated",
      "split claims",
      "merged claims",
      "pending",
      "crashed",
      "SIGKILLs (ingest)",
      "Postgres kills",
      "Postgres restarts",
      "API during outage",
      "Redis restarts",
      "all up",
      "seconds",
    ],
    [
      counts.acknowledged,
      counts.feedEntries,
      counts.droppedOnSources,
      counts.lost,
      counts.duplicated,
      counts.splitClaims,
      counts.mergedClaims,
      counts.pending,
      counts.crashed,
      `${counts.faults.sigkills} (${counts.faults.ingestKills})`,
      counts.faults.postgresKills,
      counts.faults.postgresRestarts,
      counts.outageStatuses.join(" ") || "-",
      counts.faults.redisRestarts,
      counts.allUp ? "yes" : "NO",
      Math.round(counts.seconds),
    ],
  ]),
);
process.exit(
  counts.lost + counts.duplicated + counts.splitClaims + counts.pending + counts.crashed === 0 && counts.allUp ? 0 : 1,
);
