import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimCluster,
  createClarification,
  createReport,
  createSession,
  createSource,
  createTenant,
  createUser,
  findSession,
  findUserByEmail,
  getCluster,
  getItem,
  getSource,
  insertItems,
  listPublishedClarifications,
  listQueue,
  listReviewQueue,
  type NewItem,
  newId,
  nextOpenCluster,
  publishClarification,
  recordClusterVerdict,
  recordFetchFailure,
  recordVerdict,
  storeScoredItems,
  verifyPassword,
} from "./index.ts";
import { createTestDb, scoreForTest, testPostgresUrl } from "./testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;

for (const dialect of dialects) {
  describe(`repositories on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    let a: { id: string };
    let b: { id: string };
    const item = (key: string, text = `teks ${key}`): NewItem => ({
      tenantId: "",
      sourceId: null,
      reportId: null,
      dedupKey: key,
      externalId: null,
      url: null,
      title: null,
      text,
      author: null,
      publishedAt: null,
    });

    beforeAll(async () => {
      h = await createTestDb(dialect);
      a = await createTenant(h.db, { slug: "jatim", name: "Jawa Timur" });
      b = await createTenant(h.db, { slug: "jabar", name: "Jawa Barat" });
    });
    afterAll(async () => h?.close());

    it("inserts each dedup key once per clinic and reports still-pending ids", async () => {
      const first = await insertItems(h.db, a.id, [item("k1"), item("k2")]);
      expect(first.inserted).toBe(2);
      expect(first.pendingIds).toHaveLength(2);
      const again = await insertItems(h.db, a.id, [item("k1"), item("k2"), item("k3")]);
      expect(again.inserted).toBe(1);
      // the earlier two are still pending, so a retry re-enqueues them: nothing is lost
      expect(again.pendingIds).toHaveLength(3);
      const other = await insertItems(h.db, b.id, [item("k1")]);
      expect(other.inserted).toBe(1);
    });

    it("scores an item only once and orders the queue by score with a cursor", async () => {
      const { pendingIds } = await insertItems(h.db, a.id, [item("q1"), item("q2"), item("q3")]);
      const scores = [0.2, 0.9, 0.5];
      const stored = await scoreForTest(
        h.db,
        a.id,
        pendingIds.map((id, i) => ({ id, score: scores[i] ?? 0 })),
        "v1",
      );
      expect(stored.size).toBe(3);
      expect((await scoreForTest(h.db, a.id, [{ id: pendingIds[0] ?? "", score: 0.99 }], "v2")).size).toBe(0);
      const page1 = await listQueue(h.db, a.id, { statuses: ["new"], limit: 2 });
      expect(page1.map((r) => r.score)).toEqual([0.9, 0.5]);
      const last = page1[1];
      const page2 = await listQueue(h.db, a.id, {
        statuses: ["new"],
        limit: 2,
        cursor: last ? { score: last.score ?? 0, id: last.id } : undefined,
      });
      expect(page2.map((r) => r.score)).toEqual([0.2]);
      expect(page2[0]?.model_version).toBe("v1");
      // another clinic's queue never shows them
      expect(await listQueue(h.db, b.id, { statuses: ["new"], limit: 10 })).toEqual([]);
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

      const { itemId } = await createReport(h.db, a.id, { text: "pesan berantai", url: null, contact: "08123" });
      expect((await getItem(h.db, a.id, itemId))?.status).toBe("pending");
      expect(await getItem(h.db, b.id, itemId)).toBeUndefined();
      expect(
        await recordVerdict(h.db, b.id, { itemId, userId: user.id, verdict: "false", note: null }),
      ).toBeUndefined();
      const v = await recordVerdict(h.db, a.id, { itemId, userId: user.id, verdict: "false", note: "cek" });
      expect(v?.verdict).toBe("false");
      expect((await getItem(h.db, a.id, itemId))?.status).toBe("done");

      const foreign = await createClarification(h.db, b.id, {
        title: "x",
        body: "y",
        verdict: "false",
        itemIds: [itemId],
        userId: user.id,
      });
      expect(foreign).toEqual({ ok: false, unknownItemIds: [itemId] });
      const made = await createClarification(h.db, a.id, {
        title: "Hoaks pesan berantai",
        body: "Tidak benar.",
        verdict: "false",
        itemIds: [itemId, itemId],
        userId: user.id,
      });
      if (!made.ok) throw new Error("expected ok");
      expect(made.clarification.item_ids).toEqual([itemId]);
      expect(await listPublishedClarifications(h.db, a.id, { limit: 10 })).toHaveLength(0);
      const pub = await publishClarification(h.db, a.id, made.clarification.id);
      expect(pub?.status).toBe("published");
      expect(await publishClarification(h.db, b.id, made.clarification.id)).toBeUndefined();
      expect(await listPublishedClarifications(h.db, a.id, { limit: 10 })).toHaveLength(1);
      expect(await listPublishedClarifications(h.db, b.id, { limit: 10 })).toHaveLength(0);

      const { token } = await createSession(h.db, user, 1);
      expect((await findSession(h.db, token))?.tenant.slug).toBe("jatim");
      expect(await findSession(h.db, `${token}x`)).toBeUndefined();
    });

    it("stores a scored batch with clusters once, and a new member of a decided cluster closes at once", async () => {
      const { pendingIds } = await insertItems(h.db, a.id, [item("s1"), item("s2"), item("s3")]);
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
      expect([...(await storeScoredItems(h.db, a.id, "m1", batch))].sort()).toEqual([i1, i2].sort());
      expect((await storeScoredItems(h.db, a.id, "m1", batch)).size).toBe(0);
      const c = await getCluster(h.db, a.id, c1);
      expect(c).toMatchObject({ size: 2, max_score: 0.8, status: "new" });
      const stored = await getItem(h.db, a.id, i2);
      expect(stored).toMatchObject({ score: 0.8, status: "new", cluster_id: c1, model_version: "m1" });
      expect(JSON.parse(stored?.reasons ?? "[]")).toHaveLength(1);
      // another clinic's batch cannot touch these items
      expect((await storeScoredItems(h.db, b.id, "m1", [{ ...batch[0]!, clusterId: newId() }])).size).toBe(0);

      const admin = await createUser(h.db, {
        tenantId: a.id,
        email: `c-${dialect}@x.id`,
        name: "A",
        password: "rahasia-sekali",
        role: "admin",
      });
      await recordClusterVerdict(h.db, a.id, { clusterId: c1, userId: admin.id, verdict: "false", note: null });
      await storeScoredItems(h.db, a.id, "m1", [
        { itemId: i3, result: { score: 0.9, reasons: [] }, clusterId: c1, signature: "AA==", matches: [] },
      ]);
      expect(await getItem(h.db, a.id, i3)).toMatchObject({ status: "done", cluster_id: c1 });
      expect(await getCluster(h.db, a.id, c1)).toMatchObject({
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
      const { pendingIds } = await insertItems(
        h.db,
        t.id,
        scores.map((_, i) => ({ ...item(`n${i}`), tenantId: t.id })),
      );
      const clusters = scores.map(() => newId());
      await storeScoredItems(
        h.db,
        t.id,
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
      await recordClusterVerdict(h.db, t.id, { clusterId: c8, userId: analyst.id, verdict: "false", note: null });
      await claimCluster(h.db, t.id, { clusterId: c7, userId: other.id, until });
      await claimCluster(h.db, t.id, { clusterId: c6, userId: analyst.id, until });
      expect(await nextOpenCluster(h.db, t.id, { score: 0.9, id: c9 }, analyst.id)).toBe(c6);
      expect(await nextOpenCluster(h.db, t.id, { score: 0.6, id: c6 }, analyst.id)).toBe(c5);
      expect(await nextOpenCluster(h.db, t.id, { score: 0.9, id: c9 }, other.id)).toBe(c7);
      expect(await nextOpenCluster(h.db, t.id, { score: 0.5, id: c5 }, analyst.id)).toBeUndefined();
      // another clinic never gets them
      expect(await nextOpenCluster(h.db, b.id, { score: 1, id: c9 }, analyst.id)).toBeUndefined();

      const byVerdict = await listReviewQueue(h.db, t.id, { statuses: ["done"], verdict: "false", limit: 10 });
      expect(byVerdict.map((r) => r.id)).toEqual([c8]);
      expect(await listReviewQueue(h.db, t.id, { statuses: ["new"], verdict: "false", limit: 10 })).toEqual([]);
      expect(
        (await listReviewQueue(h.db, t.id, { statuses: ["new", "in_review"], limit: 10 })).map((r) => r.id),
      ).toEqual([c9, c7, c6, c5]);
    });

    it("pauses a source after repeated failures with the reason", async () => {
      const s = await createSource(h.db, a.id, {
        kind: "rss",
        name: "Feed",
        url: "https://x.test/rss",
        scheduleSec: 60,
      });
      const next = new Date().toISOString();
      for (let i = 0; i < 2; i++) {
        const r = await recordFetchFailure(h.db, a.id, s.id, {
          status: 500,
          error: "HTTP 500",
          nextFetchAt: next,
          pauseAfter: 3,
        });
        expect(r.paused).toBe(false);
      }
      const r = await recordFetchFailure(h.db, a.id, s.id, {
        status: 500,
        error: "HTTP 500",
        nextFetchAt: next,
        pauseAfter: 3,
      });
      expect(r).toEqual({ failures: 3, paused: true });
      const row = await getSource(h.db, a.id, s.id);
      expect(row?.enabled).toBe(0);
      expect(row?.paused_reason).toContain("HTTP 500");
      expect(await getSource(h.db, b.id, s.id)).toBeUndefined();
    });
  });
}
