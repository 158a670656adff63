import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createReports,
  createTenant,
  createUser,
  findTenantBySlug,
  findUserByEmail,
  forClinic,
  newId,
  storableText,
} from "./index.ts";
import { createTestDb, testPostgresUrl } from "./testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;
const NUL = "\u0000";

describe("storableText", () => {
  it("removes U+0000 and leaves everything else", () => {
    expect(storableText(`a${NUL}b${NUL}${NUL}c`)).toBe("abc");
    expect(storableText("émoji 🙏 \u0001")).toBe("émoji 🙏 \u0001");
    expect(storableText(null)).toBeNull();
  });
});

for (const dialect of dialects) {
  describe(`outside text with NUL on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    let tenantId: string;
    let userId: string;
    beforeAll(async () => {
      h = await createTestDb(dialect);
      tenantId = (await createTenant(h.db, { slug: "nul", name: "NUL" })).id;
      userId = (
        await createUser(h.db, { tenantId, email: "u@nul.test", name: "U", password: "x".repeat(8), role: "admin" })
      ).id;
    });
    afterAll(async () => h?.close());

    it("stores items, reports, sources, clarifications, notes and verdict notes cleaned, and looks them up", async () => {
      const clinic = forClinic(h.db, tenantId);
      const source = await clinic.createSource({
        kind: "rss",
        name: `Sum${NUL}ber`,
        url: `https://x.test/${NUL}a`,
        scheduleSec: 60,
      });
      expect(source.name).toBe("Sumber");
      expect((await clinic.findSourceByUrl(`https://x.test/${NUL}a`))?.id).toBe(source.id);
      const at = new Date().toISOString();
      await clinic.recordFetchFailure(source.id, {
        status: null,
        error: `rusak${NUL}`,
        nextFetchAt: at,
        pauseAfter: 1,
      });
      const paused = await clinic.getSource(source.id);
      expect(paused?.last_error).toBe("rusak");
      expect(paused?.paused_reason).not.toContain(NUL);
      expect((await clinic.setSourceEnabled(source.id, false, `jeda${NUL}`))?.paused_reason).toBe("jeda");

      const { pendingIds } = await clinic.insertItems([
        {
          sourceId: source.id,
          reportId: null,
          dedupKey: `guid:${NUL}1`,
          externalId: `${NUL}1`,
          url: `https://x.test/${NUL}1`,
          title: `Ju${NUL}dul`,
          text: `Te${NUL}ks`,
          author: `Pe${NUL}nulis`,
          publishedAt: null,
        },
      ]);
      expect(await clinic.getItem(pendingIds[0] ?? "")).toMatchObject({
        dedup_key: "guid:1",
        external_id: "1",
        url: "https://x.test/1",
        title: "Judul",
        text: "Teks",
        author: "Penulis",
      });
      expect(await clinic.existingDedupKeys([`guid:${NUL}1`])).toEqual(new Set(["guid:1"]));

      const [report] = await createReports(h.db, [
        { tenantId, text: `La${NUL}poran`, url: `https://r.test/${NUL}`, contact: `08${NUL}12` },
        { tenantId, text: "tanpa NUL", url: null, contact: null },
      ]);
      const stored = await h.db
        .selectFrom("reports")
        .selectAll()
        .where("id", "=", report?.reportId ?? "")
        .executeTakeFirst();
      expect(stored).toMatchObject({ text: "Laporan", url: "https://r.test/", contact: "0812" });
      expect((await clinic.getItem(report?.itemId ?? ""))?.text).toBe("Laporan");

      const made = await clinic.createClarification({
        title: `Kla${NUL}rifikasi`,
        body: `Is${NUL}i`,
        verdict: "false",
        itemIds: [],
        userId,
      });
      expect(made.ok && made.clarification).toMatchObject({ title: "Klarifikasi", body: "Isi" });

      const clusterId = newId();
      await clinic.storeScoredItems("m", [
        { itemId: pendingIds[0] ?? "", result: { score: 0.5, reasons: [] }, clusterId, signature: "", matches: [] },
      ]);
      await clinic.addClusterNote({ clusterId, userId, body: `Ca${NUL}tatan` });
      expect((await clinic.listClusterNotes(clusterId))[0]?.body).toBe("Catatan");
      await clinic.recordClusterVerdict({ clusterId, userId, verdict: "false", note: `klaster${NUL}` });
      const { itemId } = await clinic.createReport({ text: "x", url: null, contact: null });
      await clinic.recordVerdict({ itemId, userId, verdict: "true", note: `butir${NUL}` });
      const notes = await h.db
        .selectFrom("verdicts")
        .select("note")
        .where("tenant_id", "=", tenantId)
        .orderBy("note")
        .execute();
      expect(notes.map((n) => n.note)).toEqual(["butir", "klaster"]);

      // Lookups and searches with a NUL answer like any other miss or hit instead of failing on Postgres.
      expect(await clinic.listReviewQueue({ statuses: ["done"], limit: 5, q: `teks${NUL}` })).toHaveLength(1);
      expect(await findUserByEmail(h.db, `u@nul.test${NUL}`)).toMatchObject({ id: userId });
      expect(await findTenantBySlug(h.db, `nul${NUL}`)).toMatchObject({ id: tenantId });
    });
  });
}
