import { ClusterIndex, signature } from "@klinik/cluster";
import { SHORT_TEXTS, TEST_FAMILIES, TUNE_FAMILIES, type VariantKind } from "@klinik/cluster/testing";
import { describe, expect, it } from "vitest";
import {
  answeringClarifications,
  assignBatch,
  clarificationSignatures,
  clustersMarkedBy,
  MAX_SUGGESTIONS,
} from "./claim-assignment.ts";
import { claimSignature, encodeSignature } from "./claim-text.ts";

const ALL_FAMILIES = [...TUNE_FAMILIES, ...TEST_FAMILIES];
const family = (id: string) => {
  const f = ALL_FAMILIES.find((x) => x.id === id);
  if (!f) throw new Error(`no family ${id}`);
  return f;
};
const variant = (id: string, kind: VariantKind) => family(id).variants.find((v) => v.kind === kind)?.text ?? "";
const original = (id: string) => variant(id, "original");
const ids = (prefix: string) => {
  let n = 0;
  return () => `${prefix}${n++}`;
};

describe("assignBatch", () => {
  it("joins a confirmed near-duplicate's cluster and starts a new one otherwise", () => {
    const index = new ClusterIndex();
    index.add("a", "c-vaksin", signature(original("vaksin-chip")));
    const decided = assignBatch(
      index,
      [
        { id: "b", sig: signature(original("vaksin-chip")) },
        { id: "c", sig: signature(original("blt-link")) },
      ],
      ids("new-"),
    );
    expect(decided).toEqual([
      { itemId: "b", clusterId: "c-vaksin", created: false, suggestions: [] },
      { itemId: "c", clusterId: "new-0", created: true, suggestions: [] },
    ]);
    expect(index.clusterOf("b")).toBe("c-vaksin");
    expect(index.clusterOf("c")).toBe("new-0");
  });

  it("lets near-duplicates inside one batch find each other", () => {
    const f = family("vaksin-chip");
    const decided = assignBatch(
      new ClusterIndex(),
      f.variants.map((v, i) => ({ id: `v${i}`, sig: signature(v.text) })),
      ids("new-"),
    );
    expect(new Set(decided.map((a) => a.clusterId))).toEqual(new Set(["new-0"]));
    expect(decided.map((a) => a.created)).toEqual(f.variants.map((_, i) => i === 0));
  });

  // Every kind of variant, on the tuning families.
  const kinds: VariantKind[] = ["name-place", "link", "emoji", "reorder", "header", "truncated", "typo", "sebarkan"];
  for (const kind of kinds) {
    it(`joins a "${kind}" variant to its family's cluster`, () => {
      const cases = TUNE_FAMILIES.flatMap((f) => f.variants.filter((v) => v.kind === kind).map((v) => ({ f, v })));
      expect(cases.length).toBeGreaterThan(0);
      for (const { f, v } of cases) {
        const index = new ClusterIndex();
        index.add("orig", f.id, signature(original(f.id)));
        const [a] = assignBatch(index, [{ id: "variant", sig: signature(v.text) }], ids("new-"));
        expect(a?.clusterId, `${f.id} ${kind}`).toBe(f.id);
      }
    });
  }

  it("never merges texts under eight words, only suggests their clusters", () => {
    const index = new ClusterIndex();
    for (const [i, s] of SHORT_TEXTS.entries()) index.add(`short-${i}`, `c-short-${i}`, signature(s.text));
    for (const f of ALL_FAMILIES) index.add(f.id, f.id, signature(original(f.id)));
    for (const [i, s] of SHORT_TEXTS.entries()) {
      expect(signature(s.text).words).toBeLessThan(8);
      const [a] = assignBatch(index, [{ id: `again-${i}`, sig: signature(s.text) }], () => `new-${i}`);
      expect(a).toMatchObject({ clusterId: `new-${i}`, created: true });
      // two of the short texts normalise alike: either may come first
      expect(a?.suggestions[0]?.similarity).toBe(1);
      expect(a?.suggestions).toContainEqual({ clusterId: `c-short-${i}`, similarity: 1 });
    }
  });

  it(`suggests at most ${MAX_SUGGESTIONS} other clusters, one entry each, never its own`, () => {
    const text = "Vaksin isinya microchip!! Hati2";
    const index = new ClusterIndex();
    // Two copies in one cluster, then one in each of four more.
    index.add("s0", "c0", signature(text));
    index.add("s0b", "c0", signature(text));
    for (let i = 1; i <= 4; i++) index.add(`s${i}`, `c${i}`, signature(text));
    const [a] = assignBatch(index, [{ id: "x", sig: signature(text) }], () => "c-own");
    expect(a?.clusterId).toBe("c-own");
    const suggested = a?.suggestions.map((s) => s.clusterId) ?? [];
    expect(suggested).toHaveLength(MAX_SUGGESTIONS);
    expect(new Set(suggested).size).toBe(MAX_SUGGESTIONS);
    expect(suggested).not.toContain("c-own");
    // A copy that joins a cluster does not have that cluster suggested to it.
    const long = signature(original("tsunami-surut"));
    const near = new ClusterIndex();
    near.add("t0", "c-t", long);
    near.add("t1", "c-t", long);
    const [b] = assignBatch(near, [{ id: "t2", sig: long }], () => "c-new");
    expect(b).toEqual({ itemId: "t2", clusterId: "c-t", created: false, suggestions: [] });
  });

  it("does not count an item already in the index as its own near-duplicate", () => {
    const index = new ClusterIndex();
    const sig = signature(original("tsunami-surut"));
    index.add("a", "c-old", sig);
    const [a] = assignBatch(index, [{ id: "a", sig }], () => "c-new");
    expect(a).toMatchObject({ clusterId: "c-new", created: true });
    expect(index.size).toBe(1);
  });
});

describe("clustersMarkedBy", () => {
  // Clinic index: one cluster per family, two copies each.
  function clinic(...familyIds: string[]) {
    const index = new ClusterIndex();
    for (const id of familyIds) {
      index.add(`${id}-0`, `c-${id}`, signature(original(id)));
      index.add(`${id}-1`, `c-${id}`, signature(variant(id, "header") || variant(id, "emoji")));
    }
    return index;
  }
  const unrelatedAnswer = {
    title: "[HOAKS] Klarifikasi",
    body: "Tidak benar. Informasi resmi ada di situs kementerian.",
  };

  it("marks the cluster a linked item is near, not another on the same topic", () => {
    const index = clinic("vaksin-chip", "vaksin-mandul");
    const sigs = clarificationSignatures({
      ...unrelatedAnswer,
      item_signatures: [encodeSignature(signature(variant("vaksin-chip", "typo")))],
    });
    const marked = clustersMarkedBy(index, sigs);
    expect([...marked.keys()]).toEqual(["c-vaksin-chip"]);
    expect(marked.get("c-vaksin-chip")).toBeGreaterThanOrEqual(0.5);
  });

  it("marks by the clarification's own text when it links no item", () => {
    const index = clinic("blt-link", "vaksin-chip");
    const sigs = clarificationSignatures({ title: "[HOAKS] BLT", body: original("blt-link"), item_signatures: [] });
    expect(clustersMarkedBy(index, sigs)).toEqual(new Map([["c-blt-link", 1]]));
  });

  it("keeps the best similarity per cluster over every signature", () => {
    const index = clinic("vaksin-chip");
    const weak = signature(variant("vaksin-chip", "typo"));
    const exact = signature(original("vaksin-chip"));
    const weakOnly = clustersMarkedBy(index, [weak]).get("c-vaksin-chip") ?? 0;
    expect(weakOnly).toBeLessThan(1);
    expect(clustersMarkedBy(index, [exact, weak])).toEqual(new Map([["c-vaksin-chip", 1]]));
    expect(clustersMarkedBy(index, [weak, exact])).toEqual(new Map([["c-vaksin-chip", 1]]));
  });

  it("marks nothing for a merely similar text (suggested tier)", () => {
    const index = new ClusterIndex();
    const short = SHORT_TEXTS[0]?.text ?? "";
    index.add("s", "c-short", signature(short));
    expect(clustersMarkedBy(index, [signature(short)])).toEqual(new Map());
  });
});

describe("clarificationSignatures", () => {
  it("takes its own text first and skips a linked signature it cannot read", () => {
    const linked = signature(original("blt-link"));
    const sigs = clarificationSignatures({
      title: "Judul",
      body: original("vaksin-chip"),
      item_signatures: ["bm90IGEgc2lnbmF0dXJl", encodeSignature(linked)],
    });
    expect(sigs).toEqual([claimSignature("Judul", original("vaksin-chip")), linked]);
  });
});

describe("answeringClarifications", () => {
  it("keeps confirmed matches only", () => {
    expect(
      answeringClarifications([
        { clarificationId: "k1", similarity: 0.9, tier: "confirmed" },
        { clarificationId: "k2", similarity: 0.6, tier: "suggested" },
      ]),
    ).toEqual([{ clarificationId: "k1", similarity: 0.9 }]);
  });
});
