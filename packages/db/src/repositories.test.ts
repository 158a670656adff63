import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSession,
  createTenant,
  createUser,
  findSession,
  findUserByEmail,
  forClinic,
  newId,
  verifyPassword,
} from "./index.ts";
import { createTestDb, scoreForTest, testItem, testPostgresUrl } from "./testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;

for (const dialect of dialects) {
  describe(`repositories on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    const clinic = (t: { id: string }) => forClinic(h.db, t.id);
    let a: { id: string };
    let b: { id: string };

    beforeAll(async () => {
      h = await createTestDb(dialect);
      a = await createTenant(h.db, { slug: "jatim", name: "Jawa Timur" });
      b = await createTenant(h.db, { slug: "jabar", name: "Jawa Barat" });
    });
    afterAll(async () => h?.close());

    it("inserts each dedup key once per clinic and reports still-pending ids", async () => {
      const first = await clinic(a).insertItems([testItem("k1"), testItem("k2")]);
      expect(first.inserted).toBe(2);
      expect(first.pendingIds).toHaveLength(2);
      const again = await clinic(a).insertItems([testItem("k1"), testItem("k2"), testItem("k3")]);
      expect(again.inserted).toBe(1);
      // the earlier two are still pending, so a retry re-enqueues them: nothing is lost
      expect(again.pendingIds).toHaveLength(3);
      const other = await clinic(b).insertItems([testItem("k1")]);
      expect(other.inserted).toBe(1);
    });

    it("scores an item only once and orders the queue by score with a cursor", async () => {
      const { pendingIds } = await clinic(a).insertItems([testItem("q1"), testItem("q2"), testItem("q3")]);
      const scores = [0.2, 0.9, 0.5];
      const stored = await scoreForTest(
        h.db,
        a.id,
        pendingIds.map((id, i) => ({ id, score: scores[i] ?? 0 })),
        "v1",
      );
      expect(stored.size).toBe(3);
      expect((await scoreForTest(h.db, a.id, [{ id: pendingIds[0] ?? "", score: 0.99 }], "v2")).size).toBe(0);
      const page1 = await clinic(a).listQueue({ statuses: ["new"], limit: 2 });
      expect(page1.map((r) => r.score)).toEqual([0.9, 0.5]);
      const last = page1[1];
      const page2 = await clinic(a).listQueue({
        statuses: ["new"],
        limit: 2,
        cursor: last ? { score: last.score ?? 0, id: last.id } : undefined,
      });
      expect(page2.map((r) => r.score)).toEqual([0.2]);
      expect(page2[0]?.model_version).toBe("v1");
      // another clinic's queue never shows them
      expect(await clinic(b).listQueue({ statuses: ["new"], limit: 10 })).toEqual([]);
    });

    it("keeps verdicts, clarifications and reports inside their clinic", async () => {
      const user = await createUser(h.db, {
        tenantId: a.id,
        email: `Analis-${dialect}@Jatim.go.id`,
        name: "Analis",
        password: "rahasia-sekali",
        role: "analyst",
      });
      const stored = await findUserByEmail(h.db, `analis-${dialect}@jatim.go.id`);
      expect(stored && (await verifyPassword("rahasia-sekali", stored.password_hash))).toBe(true);
      expect(stored && (await verifyPassword("salah", stored.password_hash))).toBe(false);

      const { itemId } = await clinic(a).createReport({ text: "pesan berantai", url: null, contact: "08123" });
      expect((await clinic(a).getItem(itemId))?.status).toBe("pending");
      expect(await clinic(b).getItem(itemId)).toBeUndefined();
      expect(await clinic(b).recordVerdict({ itemId, userId: user.id, verdict: "false", note: null })).toBeUndefined();
      const v = await clinic(a).recordVerdict({ itemId, userId: user.id, verdict: "false", note: "cek" });
      expect(v?.verdict).toBe("false");
      expect((await clinic(a).getItem(itemId))?.status).toBe("done");

      const foreign = await clinic(b).createClarification({
        title: "x",
        body: "y",
        verdict: "false",
        itemIds: [itemId],
        userId: user.id,
      });
      expect(foreign).toEqual({ ok: false, unknownItemIds: [itemId] });
      const made = await clinic(a).createClarification({
        title: "Hoaks pesan berantai",
        body: "Tidak benar.",
        verdict: "false",
        itemIds: [itemId, itemId],
        userId: user.id,
      });
      if (!made.ok) throw new Error("expected ok");
      expect(made.clarification.item_ids).toEqual([itemId]);
      expect(await clinic(a).listPublishedClarifications({ limit: 10 })).toHaveLength(0);
      const pub = await clinic(a).publishClarification(made.clarification.id);
      expect(pub?.status).toBe("published");
      expect(await clinic(b).publishClarification(made.clarification.id)).toBeUndefined();
      expect(await clinic(a).listPublishedClarifications({ limit: 10 })).toHaveLength(1);
      expect(await clinic(b).listPublishedClarifications({ limit: 10 })).toHaveLength(0);

      const { token } = await createSession(h.db, user, 1);
      expect((await findSession(h.db, token))?.tenant.slug).toBe("jatim");
      expect(await findSession(h.db, `${token}x`)).toBeUndefined();
    });

    it("stores a scored batch with clusters once, and a new member of a decided cluster closes at once", async () => {
      const { pendingIds } = await clinic(a).insertItems([testItem("s1"), testItem("s2"), testItem("s3")]);
      const [i1, i2, i3] = pendingIds as [string, string, string];
      const c1 = newId();
      const batch = [
        { itemId: i1, result: { score: 0.4, reasons: [] }, clusterId: c1, signature: "AA==", matches: [] },
        {
          itemId: i2,
          result: { score: 0.8, reasons: [{ code: "x", label: "y", weight: 1 }] },
          clusterId: c1,
          signature: "AA==",
          matches: [],
        },
      ];
      expect([...(await clinic(a).storeScoredItems("m1", batch))].sort()).toEqual([i1, i2].sort());
      expect((await clinic(a).storeScoredItems("m1", batch)).size).toBe(0);
      const c = await clinic(a).getCluster(c1);
      expect(c).toMatchObject({ size: 2, max_score: 0.8, status: "new" });
      const stored = await clinic(a).getItem(i2);
      expect(stored).toMatchObject({ score: 0.8, status: "new", cluster_id: c1, model_version: "m1" });
      expect(JSON.parse(stored?.reasons ?? "[]")).toHaveLength(1);
      // another clinic's batch cannot touch these items
      expect((await clinic(b).storeScoredItems("m1", [{ ...batch[0]!, clusterId: newId() }])).size).toBe(0);

      const admin = await createUser(h.db, {
        tenantId: a.id,
        email: `c-${dialect}@x.id`,
        name: "A",
        password: "rahasia-sekali",
        role: "admin",
      });
      await clinic(a).recordClusterVerdict({ clusterId: c1, userId: admin.id, verdict: "false", note: null });
      await clinic(a).storeScoredItems("m1", [
        { itemId: i3, result: { score: 0.9, reasons: [] }, clusterId: c1, signature: "AA==", matches: [] },
      ]);
      expect(await clinic(a).getItem(i3)).toMatchObject({ status: "done", cluster_id: c1 });
      expect(await clinic(a).getCluster(c1)).toMatchObject({
        size: 3,
        max_score: 0.9,
        status: "done",
        verdict: "false",
      });
    });

    it("walks to the next open claim in queue order and filters claims by verdict", async () => {
      const t = await createTenant(h.db, { slug: `next-${dialect}`, name: "Next" });
      const [analyst, other] = await Promise.all(
        ["n1", "n2"].map((n) =>
          createUser(h.db, {
            tenantId: t.id,
            email: `${n}-${dialect}@x.id`,
            name: n,
            password: "rahasia-sekali",
            role: "analyst",
          }),
        ),
      );
      if (!analyst || !other) throw new Error("users not created");
      const scores = [0.9, 0.8, 0.7, 0.6, 0.5];
      const { pendingIds } = await clinic(t).insertItems(scores.map((_, i) => testItem(`n${i}`)));
      const clusters = scores.map(() => newId());
      await clinic(t).storeScoredItems(
        "m1",
        pendingIds.map((id, i) => ({
          itemId: id,
          result: { score: scores[i] ?? 0, reasons: [] },
          clusterId: clusters[i] ?? "",
          signature: "AA==",
          matches: [],
        })),
      );
      const [c9, c8, c7, c6, c5] = clusters as [string, string, string, string, string];
      const until = new Date(Date.now() + 600_000).toISOString();
      // 0.8 is decided, 0.7 is held by someone else, 0.6 is in review by the analyst
      await clinic(t).recordClusterVerdict({ clusterId: c8, userId: analyst.id, verdict: "false", note: null });
      await clinic(t).claimCluster({ clusterId: c7, userId: other.id, until });
      await clinic(t).claimCluster({ clusterId: c6, userId: analyst.id, until });
      expect(await clinic(t).nextOpenCluster({ score: 0.9, id: c9 }, analyst.id)).toBe(c6);
      expect(await clinic(t).nextOpenCluster({ score: 0.6, id: c6 }, analyst.id)).toBe(c5);
      expect(await clinic(t).nextOpenCluster({ score: 0.9, id: c9 }, other.id)).toBe(c7);
      expect(await clinic(t).nextOpenCluster({ score: 0.5, id: c5 }, analyst.id)).toBeUndefined();
      // another clinic never gets them
      expect(await clinic(b).nextOpenCluster({ score: 1, id: c9 }, analyst.id)).toBeUndefined();

      const byVerdict = await clinic(t).listReviewQueue({ statuses: ["done"], verdict: "false", limit: 10 });
      expect(byVerdict.map((r) => r.id)).toEqual([c8]);
      expect(await clinic(t).listReviewQueue({ statuses: ["new"], verdict: "false", limit: 10 })).toEqual([]);
      expect((await clinic(t).listReviewQueue({ statuses: ["new", "in_review"], limit: 10 })).map((r) => r.id)).toEqual(
        [c9, c7, c6, c5],
      );
    });

    it("pauses a source after repeated failures with the reason", async () => {
      const s = await clinic(a).createSource({
        kind: "rss",
        name: "Feed",
        url: "https://x.test/rss",
        scheduleSec: 60,
      });
      const next = new Date().toISOString();
      for (let i = 0; i < 2; i++) {
        const r = await clinic(a).recordFetchFailure(s.id, {
          status: 500,
          error: "HTTP 500",
          nextFetchAt: next,
          pauseAfter: 3,
        });
        expect(r.paused).toBe(false);
      }
      const r = await clinic(a).recordFetchFailure(s.id, {
        status: 500,
        error: "HTTP 500",
        nextFetchAt: next,
        pauseAfter: 3,
      });
      expect(r).toEqual({ failures: 3, paused: true });
      const row = await clinic(a).getSource(s.id);
      expect(row?.enabled).toBe(0);
      expect(row?.paused_reason).toContain("HTTP 500");
      expect(await clinic(b).getSource(s.id)).toBeUndefined();
    });
  });
}
