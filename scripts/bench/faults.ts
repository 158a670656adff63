/**
 * `pnpm bench faults [--items=20000] [--clinics=6]`: the fault run of `pnpm test:faults`
 * (scripts/lib/fault-run.ts) at 20,000 items: Postgres (TEST_POSTGRES_URL, or
 * DATABASE_URL when it is postgres://), a private redis-server without persistence,
 * an API and two classifier processes, five faults between six waves (SIGKILLs of
 * classifier processes, every Postgres connection terminated twice, Redis killed and
 * restarted empty). Prints the counts the test asserts, and how long the run took.
 */

import { runFaults } from "../lib/fault-run.ts";
import { arg, table } from "./_util.ts";

const args = process.argv.slice(2);
const items = arg(args, "items", 20_000);
const postgresUrl =
  process.env.TEST_POSTGRES_URL ||
  (process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : undefined);
if (!postgresUrl) {
  console.error(
    "pnpm bench faults needs Postgres: set TEST_POSTGRES_URL=postgres://… (a schema of its own is created and dropped)",
  );
  process.exit(2);
}
const copies = 3;
const counts = await runFaults({
  postgresUrl,
  families: Math.ceil(items / copies),
  copies,
  clinics: arg(args, "clinics", 6),
  drainTimeoutMs: 600_000,
  log: (line) => console.log(line),
});
console.log(
  table([
    [
      "acknowledged",
      "lost",
      "duplicated",
      "split claims",
      "merged claims",
      "pending",
      "crashed",
      "SIGKILLs",
      "Postgres kills",
      "Redis restarts",
      "all up",
      "seconds",
    ],
    [
      counts.acknowledged,
      counts.lost,
      counts.duplicated,
      counts.splitClaims,
      counts.mergedClaims,
      counts.pending,
      counts.crashed,
      counts.faults.sigkills,
      counts.faults.postgresKills,
      counts.faults.redisRestarts,
      counts.allUp ? "yes" : "NO",
      Math.round(counts.seconds),
    ],
  ]),
);
process.exit(
  counts.lost + counts.duplicated + counts.splitClaims + counts.pending + counts.crashed === 0 && counts.allUp ? 0 : 1,
);
