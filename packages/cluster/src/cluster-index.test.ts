import { describe, expect, it } from "vitest";
import { type Family, SHORT_TEXTS, TEST_FAMILIES, TUNE_FAMILIES, type VariantKind } from "../fixtures/index.ts";
import { ClusterIndex } from "./cluster-index.ts";
import { signature } from "./signature.ts";

const ALL_FAMILIES = [...TUNE_FAMILIES, ...TEST_FAMILIES];
const original = (familyId: string) =>
  ALL_FAMILIES.find((f) => f.id === familyId)?.variants.find((v) => v.kind === "original")?.text ?? "";

describe("ClusterIndex", () => {
  it("confirms an identical text with similarity 1", () => {
    const index = new ClusterIndex();
    const text = original("vaksin-chip");
    index.add("a", "c-vaksin", signature(text));
    expect(index.query(signature(text))).toEqual([
      { key: "a", clusterId: "c-vaksin", similarity: 1, tier: "confirmed" },
    ]);
  });

  it("finds nothing for a different claim", () => {
    const index = new ClusterIndex();
    index.add("a", "c-vaksin", signature(original("vaksin-chip")));
    expect(index.query(signature(original("blt-link")))).toEqual([]);
    index.add("b", "c-blt", signature(original("blt-link")));
    expect(index.clusterOf("b")).toBe("c-blt");
  });

  // Every kind, on the tuning families. Which cluster an item then joins is
  // decided in @klinik/claims (assignBatch), whose quality test scores the
  // held-out families as a whole.
  const kinds: VariantKind[] = ["name-place", "link", "emoji", "reorder", "header", "truncated", "typo", "sebarkan"];
  for (const kind of kinds) {
    it(`confirms a "${kind}" variant as its family's best match`, () => {
      const cases = TUNE_FAMILIES.flatMap((f) => f.variants.filter((v) => v.kind === kind).map((v) => ({ f, v })));
      expect(cases.length).toBeGreaterThan(0);
      for (const { f, v } of cases) {
        const index = new ClusterIndex();
        index.add("orig", f.id, signature(original(f.id)));
        expect(index.query(signature(v.text))[0], `${f.id} ${kind}`).toMatchObject({
          clusterId: f.id,
          tier: "confirmed",
        });
      }
    });
  }

  it("keeps different claims on the same topic apart", () => {
    const byTopic = new Map<string, Family[]>();
    for (const f of ALL_FAMILIES) byTopic.set(f.topic, [...(byTopic.get(f.topic) ?? []), f]);
    let pairs = 0;
    for (const group of byTopic.values()) {
      for (const a of group) {
        const index = new ClusterIndex();
        for (const [i, v] of a.variants.entries()) index.add(`${a.id}-${i}`, a.id, signature(v.text));
        for (const b of group.filter((g) => g !== a)) {
          for (const v of b.variants) {
            pairs++;
            const confirmed = index.query(signature(v.text)).filter((m) => m.tier === "confirmed");
            expect(confirmed, `${b.id} must not join ${a.id}`).toEqual([]);
          }
        }
      }
    }
    expect(pairs).toBeGreaterThan(50);
  });

  it("only ever suggests, never confirms, texts under eight words", () => {
    const index = new ClusterIndex();
    for (const [i, s] of SHORT_TEXTS.entries()) index.add(`short-${i}`, s.family, signature(s.text));
    for (const f of ALL_FAMILIES) index.add(f.id, f.id, signature(original(f.id)));
    for (const s of SHORT_TEXTS) {
      expect(signature(s.text).words).toBeLessThan(8);
      const matches = index.query(signature(s.text), Number.POSITIVE_INFINITY);
      expect(matches.filter((m) => m.tier === "confirmed")).toEqual([]);
      expect(matches[0]).toMatchObject({ similarity: 1, tier: "suggested" });
    }
    // a long text never confirms a short one either
    const longIndex = new ClusterIndex({ confirmed: 0.01, suggested: 0.01 });
    longIndex.add("short", "s", signature("vaksin covid mengandung microchip, hati-hati"));
    const matches = longIndex.query(
      signature("vaksin covid mengandung microchip, hati-hati semuanya ya bapak ibu sekalian"),
    );
    expect(matches.map((m) => m.tier)).toEqual(["suggested"]);
  });

  it("forgets removed items and reuses their slots", () => {
    const index = new ClusterIndex();
    const sig = signature(original("tsunami-surut"));
    index.add("a", "c1", sig);
    index.add("b", "c1", sig);
    expect(index.size).toBe(2);
    index.remove("a");
    index.remove("missing");
    expect(index.size).toBe(1);
    expect(index.query(sig).map((m) => m.key)).toEqual(["b"]);
    index.remove("b");
    expect(index.query(sig)).toEqual([]);
    expect(index.clusterOf("b")).toBeUndefined();
    index.add("c", "c2", sig);
    expect(index.query(sig).map((m) => m.clusterId)).toEqual(["c2"]);
  });

  it("replaces an item added twice under the same key", () => {
    const index = new ClusterIndex();
    index.add("a", "c1", signature(original("tsunami-surut")));
    index.add("a", "c2", signature(original("blt-link")));
    expect(index.size).toBe(1);
    expect(index.query(signature(original("tsunami-surut")))).toEqual([]);
    expect(index.clusterOf("a")).toBe("c2");
  });

  it("bulk-loads past its initial capacity and still finds every item", () => {
    const index = new ClusterIndex();
    const texts = ALL_FAMILIES.flatMap((f) => f.variants.map((v) => v.text));
    const items = Array.from({ length: 3000 }, (_, i) => ({
      key: `k${i}`,
      clusterId: `c${i % texts.length}`,
      sig: signature(`${texts[i % texts.length]} nomor ${i}`),
    }));
    index.addMany(items, items.length);
    expect(index.size).toBe(3000);
    expect(index.memoryBytes()).toBeGreaterThan(3000 * 256);
    const hit = index.query(signature(`${texts[5]} nomor 5`), 3000);
    expect(hit.map((m) => m.key)).toContain("k5");
  });
});
