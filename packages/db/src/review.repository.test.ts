import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, createUser, forClinic, newId, type ReviewQueueFilter } from "./index.ts";
import { createTestDb, testItem, testPostgresUrl } from "./testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;
const reasons = [{ code: "x", label: "Alasan", weight: 1 }];

for (const dialect of dialects) {
  describe(`review repository on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    const clinic = (t: { id: string }) => forClinic(h.db, t.id);
    let t: { id: string };
    let other: { id: string };
    let ana: { id: string };
    let budi: { id: string };
    let sourceId: string;
    const c: Record<string, string> = {};
    let n = 0;

    async function claim(tenantId: string, text: string, score: number, members = 1, src: string | null = null) {
      const { pendingIds } = await forClinic(h.db, tenantId).insertItems(
        Array.from({ length: members }, (_, i) => testItem(`r${++n}`, { sourceId: src, text: `${text} ${i}` })),
      );
      const clusterId = newId();
      await forClinic(h.db, tenantId).storeScoredItems(
        "v",
        pendingIds.map((itemId) => ({ itemId, result: { score, reasons }, clusterId, signature: "", matches: [] })),
      );
      return clusterId;
    }

    beforeAll(async () => {
      h = await createTestDb(dialect);
      t = await createTenant(h.db, { slug: "a", name: "A" });
      other = await createTenant(h.db, { slug: "b", name: "B" });
      ana = await createUser(h.db, {
        tenantId: t.id,
        email: "ana@a.test",
        name: "Ana",
        password: "kata-sandi",
        role: "analyst",
      });
      budi = await createUser(h.db, {
        tenantId: t.id,
        email: "budi@a.test",
        name: "Budi",
        password: "kata-sandi",
        role: "analyst",
      });
      sourceId = (
        await clinic(t).createSource({ kind: "rss", name: "Sumber", url: "https://x.test/a", scheduleSec: 300 })
      ).id;
      c.high = await claim(t.id, "Vaksin berisi chip 100%_asli", 0.9, 3, sourceId);
      c.mid = await claim(t.id, "Bansos cair lewat tautan", 0.6);
      c.low = await claim(t.id, "Cuaca cerah", 0.1);
      c.foreign = await claim(other.id, "Vaksin berisi chip", 0.95);
    });
    afterAll(async () => h?.close());

    it("lists one row per claim in score order across statuses, with filters", async () => {
      const ids = async (f: Partial<ReviewQueueFilter> = {}) =>
        (await clinic(t).listReviewQueue({ statuses: ["new", "in_review"], limit: 50, ...f })).map((r) => r.id);
      await clinic(t).claimCluster({
        clusterId: c.mid ?? "",
        userId: ana.id,
        until: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(await ids()).toEqual([c.high, c.mid, c.low]);
      expect(await ids({ limit: 2 })).toEqual([c.high, c.mid]);
      expect(await ids({ cursor: { score: 0.6, id: c.mid ?? "" } })).toEqual([c.low]);
      expect(await ids({ minScore: 0.5, maxScore: 0.7 })).toEqual([c.mid]);
      expect(await ids({ sourceId })).toEqual([c.high]);
      expect(await ids({ q: "VAKSIN" })).toEqual([c.high]);
      expect(await ids({ q: "100%_asli" })).toEqual([c.high]);
      // Wildcards are literal: "%" matches only the text that contains one.
      expect(await ids({ q: "%" })).toEqual([c.high]);
      expect(await ids({ q: "_a" })).toEqual([c.high]);
      const rows = await clinic(t).listReviewQueue({ statuses: ["in_review"], limit: 5 });
      expect(rows).toMatchObject([{ id: c.mid, claimer_name: "Ana", sources: [] }]);
      expect((await clinic(t).listReviewQueue({ statuses: ["new"], limit: 5 }))[0]).toMatchObject({
        id: c.high,
        size: 3,
        sources: ["Sumber"],
      });
    });

    it("lets one analyst hold a claim until it lapses", async () => {
      const until = new Date(Date.now() + 60_000).toISOString();
      expect(await clinic(t).claimCluster({ clusterId: c.low ?? "", userId: ana.id, until })).toEqual({
        kind: "claimed",
        until,
      });
      expect(await clinic(t).claimCluster({ clusterId: c.low ?? "", userId: budi.id, until })).toMatchObject({
        kind: "held",
        holderName: "Ana",
      });
      expect(await clinic(other).claimCluster({ clusterId: c.low ?? "", userId: budi.id, until })).toBeUndefined();
      await h.db
        .updateTable("clusters")
        .set({ claimed_until: new Date(Date.now() - 1000).toISOString() })
        .where("id", "=", c.low ?? "")
        .execute();
      expect(await clinic(t).releaseExpiredClaims()).toBe(1);
      expect(await clinic(t).getCluster(c.low ?? "")).toMatchObject({ status: "new", claimed_by: null });
    });

    it("applies bulk actions, skipping claims held by others and other clinics", async () => {
      const r = await clinic(t).applyBulk(budi.id, [c.high ?? "", c.mid ?? "", c.foreign ?? ""], {
        kind: "verdict",
        verdict: "false",
        note: null,
      });
      expect(r).toMatchObject({ applied: 1, skipped: 2 });
      expect(await clinic(t).getCluster(c.high ?? "")).toMatchObject({ status: "done", verdict: "false" });
      expect(await clinic(other).getCluster(c.foreign ?? "")).toMatchObject({ status: "new" });
      expect(await clinic(t).applyBulk(budi.id, [c.low ?? ""], { kind: "dismiss" })).toMatchObject({
        applied: 1,
        skipped: 0,
      });
      const items = await h.db
        .selectFrom("items")
        .select("status")
        .where("cluster_id", "=", c.low ?? "")
        .execute();
      expect(items.map((i) => i.status)).toEqual(["dismissed"]);
      expect(await clinic(t).countNewClusters("2000-01-01T00:00:00.000Z")).toBe(1);
    });
  });
}
