import { describe, expect, it } from "vitest";
import { runFaults } from "../scripts/lib/fault-run.ts";
import { postgresBinDir } from "../scripts/lib/private-postgres.ts";

// `pnpm test:faults`; also part of `pnpm test`. The longer run: `pnpm bench faults`.
// FAULTS_VERBOSE=1 prints the run's progress; FAULTS_LOG_DIR=<dir> keeps every process's log.
// It runs on a Postgres of its own (Debian's postgresql binaries), which it also restarts.
const binaries = postgresBinDir();
if (!binaries)
  console.warn(
    "test/faults.test.ts: skipped, it needs Postgres's binaries (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin: apt-get install postgresql)",
  );

describe.skipIf(!binaries)(
  "fault run: private Postgres, API + 2 ingest + 2 classifier processes, SIGKILLs, Redis restart, Postgres kills and a restart",
  () => {
    it("loses nothing, stores nothing twice, splits no claim and leaves nothing pending; every process stays up", async () => {
      const counts = await runFaults({
        families: 500,
        feeds: 6,
        familiesPerFeed: 12,
        drainTimeoutMs: 240_000,
        ...(process.env.FAULTS_LOG_DIR ? { logDir: process.env.FAULTS_LOG_DIR } : {}),
        log: (line) => process.env.FAULTS_VERBOSE && console.log(line),
      });
      if (process.env.FAULTS_VERBOSE) console.log(`fault run: ${JSON.stringify(counts)}`);
      expect(counts.faults).toEqual({
        sigkills: 7,
        ingestKills: 3,
        postgresKills: 2,
        postgresRestarts: 1,
        redisRestarts: 1,
      });
      // While Postgres was down the API refused reports with 503 (nothing acknowledged, no crash).
      expect(counts.outageStatuses).toEqual([503, 503]);
      expect(counts.feedEntries).toBe(6 * 12 * 3);
      expect(counts.acknowledged).toBeGreaterThan(1_500 + 216);
      expect({
        lost: counts.lost,
        duplicated: counts.duplicated,
        splitClaims: counts.splitClaims,
        mergedClaims: counts.mergedClaims,
        pending: counts.pending,
        droppedOnSources: counts.droppedOnSources,
        crashed: counts.crashed,
        allUp: counts.allUp,
      }).toEqual({
        lost: 0,
        duplicated: 0,
        splitClaims: 0,
        mergedClaims: 0,
        pending: 0,
        droppedOnSources: 0,
        crashed: 0,
        allUp: true,
      });
    }, 600_000);
  },
);
