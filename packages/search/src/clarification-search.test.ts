import { ClarificationMatcher } from "@klinik/claims";
import { forClinic } from "@klinik/db";
import { createTestDb, testPostgresUrl } from "@klinik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLARIFIED_HOAXES, retellings, type SeededCorpus, seedSearchCorpus } from "../fixtures/index.ts";
import { ClarificationSearch } from "./clarification-search.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;
const PUBLISHED = ["published"] as const;

for (const dialect of dialects) {
  describe(`clarification search on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    let corpus: SeededCorpus;
    let search: ClarificationSearch;
    afterAll(async () => h?.close());
    beforeAll(async () => {
      h = await createTestDb(dialect);
      corpus = await seedSearchCorpus(h.db, { distractorCount: 300, clinicCount: 4 });
      search = new ClarificationSearch(h.db, new ClarificationMatcher(h.db));
    }, 120_000);

    const top3 = async (text: string, tenantId: string | null = null) =>
      (await search.search({ q: text, tenantId, statuses: PUBLISHED, limit: 3 })).map((f) => f.id);

    // A regression guard on a small corpus; `pnpm bench search` measures the goal at 10,000.
    it("finds the clarified hoax in the top 3 for at least 90% of its retellings (tuned and held out)", async () => {
      for (const part of ["tune", "frozen"] as const) {
        const list = retellings(part);
        let found = 0;
        for (const r of list) if ((await top3(r.text)).includes(corpus.answers.get(r.key) ?? "")) found += 1;
        expect(found / list.length, `${part}: ${found}/${list.length}`).toBeGreaterThanOrEqual(0.9);
      }
    });

    it("answers the issue's own examples first", async () => {
      const wa = await top3(
        "katanya whatsapp mulai besok bayar 5 ribu per bulan kalau pesan tidak diteruskan ke 20 kontak",
      );
      expect(wa[0]).toBe(corpus.answers.get("wa-berbayar"));
      expect((await top3("penculikan anak ambulans"))[0]).toBe(corpus.answers.get("culik-ambulans"));
      expect((await top3("Vaksin chip"))[0]).toBe(corpus.answers.get("vaksin-chip"));
    });

    it("knows a forwarded copy of the message as it circulated by its claim similarity", async () => {
      for (const x of CLARIFIED_HOAXES.slice(0, 5)) {
        const forwarded = `Fwd: ${x.claim} Sebarkan!`;
        const [best] = await search.search({ q: forwarded, tenantId: null, statuses: PUBLISHED, limit: 3 });
        expect(best?.id, x.key).toBe(corpus.answers.get(x.key));
        expect(best?.similarity, x.key).toBeGreaterThanOrEqual(0.5);
      }
    });

    it("finds nothing for words no clarification has, and nothing for an empty query", async () => {
      expect(await top3("zzqx qqwv")).toEqual([]);
      expect(await top3("   ")).toEqual([]);
    });

    it("keeps to one clinic when asked, and finds drafts only when asked", async () => {
      const key = "culik-ambulans";
      const id = corpus.answers.get(key) ?? "";
      const owner = CLARIFIED_HOAXES.findIndex((x) => x.key === key) % corpus.clinics.length;
      const own = corpus.clinics[owner]?.id ?? "";
      const other = corpus.clinics[(owner + 1) % corpus.clinics.length]?.id ?? "";
      expect(await top3("penculikan anak ambulans", own)).toContain(id);
      expect(await top3("penculikan anak ambulans", other)).not.toContain(id);

      const clinic = forClinic(h.db, own);
      const user = (await clinic.listTenantUsers())[0];
      const draft = await clinic.createClarification({
        title: "Klarifikasi xilofon zebrakorn",
        body: "Tidak ada xilofon zebrakorn.",
        verdict: "false",
        itemIds: [],
        userId: user?.id ?? "",
      });
      if (!draft.ok) throw new Error("draft");
      const q = "xilofon zebrakorn";
      expect(await top3(q)).toEqual([]);
      const drafts = await search.search({ q, tenantId: own, statuses: ["draft"], limit: 3 });
      expect(drafts.map((f) => f.id)).toEqual([draft.clarification.id]);
    });

    it("follows an edit: the search text is rewritten when title or body change (triggers mark it stale)", async () => {
      const id = corpus.answers.get("beras-plastik") ?? "";
      expect(await top3("beras plastik")).toContain(id);
      // What an editor's correction does to the row (the editorial routes may write it any way they like).
      await h.db
        .updateTable("clarifications")
        .set({ title: "[HOAKS] Gula pasir sintetis dari pabrik kaca", body: "Gula pasir yang beredar asli." })
        .where("id", "=", id)
        .execute();
      await h.db.deleteFrom("clarification_items").where("clarification_id", "=", id).execute();
      expect(await top3("gula pasir sintetis pabrik kaca")).toContain(id);
      expect(await top3("beras plastik")).not.toContain(id);
    });
  });
}
