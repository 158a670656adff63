import { ClarificationMatcher, TenantClusterer } from "@klinik/claims";
import { createTenant, forClinic } from "@klinik/db";
import { createTestDb, testItem } from "@klinik/db/testing";
import { loadScorer } from "@klinik/scorer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClassifyProcessor } from "./classify.processor.ts";
import { inlineRunner } from "./score-pool.ts";

const CHAIN =
  "Pesan berantai: mulai besok WhatsApp berbayar lima ribu rupiah per bulan kecuali pesan ini diteruskan ke dua puluh kontak";

describe("classify processor, the same items in two jobs at once", () => {
  let h: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    h = await createTestDb("sqlite");
  });
  afterAll(async () => h?.close());

  it("scores once, keeps the stored item in the claim index, and a later copy joins its claim", async () => {
    const tenantId = (await createTenant(h.db, { slug: "sulbar", name: "Sulawesi Barat" })).id;
    const clinic = forClinic(h.db, tenantId);
    const scorer = loadScorer();
    const clusterer = new TenantClusterer(h.db);
    const classify = createClassifyProcessor({
      db: h.db,
      runner: inlineRunner(scorer),
      modelVersion: scorer.version,
      clusterer,
      clarifications: new ClarificationMatcher(h.db),
    });
    const { pendingIds } = await clinic.insertItems([testItem("wa-1", { text: CHAIN })]);
    const [first] = pendingIds;
    // A syndicated copy, a stall retry or the sweeper: the same job twice, both reading it pending.
    const outcomes = await Promise.all([
      classify({ tenantId, itemIds: pendingIds }),
      classify({ tenantId, itemIds: pendingIds }),
    ]);
    expect(outcomes.map((o) => o.scored).sort()).toEqual([0, 1]);
    const stored = await clinic.getItem(first ?? "");
    expect(await clusterer.withTenant(tenantId, async (index) => index.clusterOf(first ?? ""))).toBe(
      stored?.cluster_id,
    );

    const copy = await clinic.insertItems([testItem("wa-2", { text: `${CHAIN}. Tolong sebarkan!` })]);
    await classify({ tenantId, itemIds: copy.pendingIds });
    expect((await clinic.getItem(copy.pendingIds[0] ?? ""))?.cluster_id).toBe(stored?.cluster_id);
  });
});
