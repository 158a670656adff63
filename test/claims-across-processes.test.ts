import { ClarificationMatcher, TenantClusterer } from "@klinik/claims";
import { createTenant, forClinic } from "@klinik/db";
import { createTestDb, testItem } from "@klinik/db/testing";
import { createRedis, redisKeyedLock } from "@klinik/queue";
import { loadScorer } from "@klinik/scorer";
import { createClassifyProcessor, inlineRunner } from "@klinik/worker-classifier";
import { afterAll, describe, expect, it } from "vitest";
import { DIALECTS, REDIS_URL } from "./support/harness.ts";

const WORDS =
  "bantuan tunai warga desa kecamatan vaksin puskesmas banjir jembatan listrik padam sekolah ambulans penculikan anak air minum racun beras pasar harga gempa tsunami bupati gubernur polisi tilang rekening transfer pulsa hadiah undian lowongan kerja bumn pendaftaran kuota daftar segera sebarkan grup keluarga".split(
    " ",
  );

/** Story i: forty words of its own; its copy adds a plea to forward it. */
function story(i: number): string {
  let x = (i + 1) * 2654435761;
  const pick = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return WORDS[x % WORDS.length];
  };
  return `Pesan ${i}: ${Array.from({ length: 40 }, pick).join(" ")}`;
}

describe.each(DIALECTS)("claims decided by two classifier processes at once (%s)", (dialect) => {
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("folds each pair of copies scored at the same moment by different processes into one claim", async () => {
    const h = await createTestDb(dialect);
    closers.push(() => h.close());
    const tenantId = (await createTenant(h.db, { slug: "maluku-utara", name: "Maluku Utara" })).id;
    const scorer = loadScorer();
    const prefix = `test-lock-${Date.now()}`;
    // Two processes: their own Redis connection, claim index and processor; one database and one Redis.
    const processes = [0, 1].map(() => {
      const redis = createRedis(REDIS_URL, "worker");
      closers.push(() => redis.quit());
      return createClassifyProcessor({
        db: h.db,
        runner: inlineRunner(scorer),
        modelVersion: scorer.version,
        clusterer: new TenantClusterer(h.db, redisKeyedLock(redis, prefix)),
        clarifications: new ClarificationMatcher(h.db),
      });
    });
    const clinic = forClinic(h.db, tenantId);
    const pairs = 20;
    const pairIds: string[][] = [];
    for (let i = 0; i < pairs; i++) {
      const { pendingIds } = await clinic.insertItems([
        testItem(`a-${i}`, { text: story(i) }),
        testItem(`b-${i}`, { text: `${story(i)} Tolong sebarkan!` }),
      ]);
      pairIds.push(pendingIds);
    }
    // Every copy at once, the two of a pair in different processes.
    await Promise.all(
      pairIds.flatMap((ids) =>
        ids.map((id, n) => (processes[n] as (typeof processes)[0])({ tenantId, itemIds: [id] })),
      ),
    );
    const clusterOf = async (id: string | undefined) => (await clinic.getItem(id ?? ""))?.cluster_id;
    const claims = await Promise.all(pairIds.map(async ([a, b]) => [await clusterOf(a), await clusterOf(b)]));
    const split = claims.flatMap(([a, b], i) => (a === b ? [] : [i]));
    expect(split).toEqual([]);
    expect(new Set(claims.map(([a]) => a)).size).toBe(pairs);
  });
});
