import { testPostgresUrl } from "@klinik/db/testing";
import { describe, expect, it } from "vitest";
import { runFaults } from "../scripts/lib/fault-run.ts";

// `pnpm test:faults`; also part of `pnpm test`. The longer run: `pnpm bench faults`.
// FAULTS_VERBOSE=1 prints the run's progress; FAULTS_LOG_DIR=<dir> keeps every process's log.
const url = testPostgresUrl();
if (!url) console.warn("test/faults.test.ts: skipped, it needs Postgres (set TEST_POSTGRES_URL)");

describe.skipIf(!url)(
  "fault run: Postgres, API + 2 classifier processes, SIGKILLs, Redis restart, Postgres kills",
  () => {
    it("loses nothing, stores nothing twice, splits no claim and leaves nothing pending; every process stays up", async () => {
      const counts = await runFaults({
        postgresUrl: url as string,
        families: 700,
        drainTimeoutMs: 90_000,
        ...(process.env.FAULTS_LOG_DIR ? { logDir: process.env.FAULTS_LOG_DIR } : {}),
        log: (line) => process.env.FAULTS_VERBOSE && console.log(line),
      });
      if (process.env.FAULTS_VERBOSE) console.log(`fault run: ${JSON.stringify(counts)}`);
      expect(counts.faults).toEqual({ sigkills: 4, postgresKills: 2, redisRestarts: 1 });
      expect(counts.acknowledged).toBeGreaterThan(2_100);
      expect({
        lost: counts.lost,
        duplicated: counts.duplicated,
        splitClaims: counts.splitClaims,
        mergedClaims: counts.mergedClaims,
        pending: counts.pending,
        crashed: counts.crashed,
        allUp: counts.allUp,
      }).toEqual({ lost: 0, duplicated: 0, splitClaims: 0, mergedClaims: 0, pending: 0, crashed: 0, allUp: true });
    }, 180_000);
  },
);
