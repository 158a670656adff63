import { describe, expect, it } from "vitest";
import { deserializeSignature, estimateSimilarity, NUM_HASHES, serializeSignature, signature } from "./signature.ts";

const text =
  "Waspada penculikan anak! Tadi pagi di SD Negeri 3 Cibinong ada anak kelas dua hampir dibawa orang tak dikenal. Pelaku memakai mobil Avanza hitam tanpa plat nomor.";

describe("signature", () => {
  it("is deterministic and counts content words", () => {
    const a = signature(text);
    expect(a.hashes).toHaveLength(NUM_HASHES);
    expect(a.hashes).toEqual(signature(text).hashes);
    expect(a.words).toBe(27);
  });

  it("gives an empty text no shingles and no similarity to anything", () => {
    const empty = signature("🙏🙏 https://bit.ly/x Sebarkan!!");
    expect(empty.shingles).toBe(0);
    expect(empty.words).toBe(0);
    expect(estimateSimilarity(empty, empty)).toBe(0);
  });

  it("is unchanged by sentence order beyond the sentence joins", () => {
    const reordered =
      "Pelaku memakai mobil Avanza hitam tanpa plat nomor. Waspada penculikan anak! Tadi pagi di SD Negeri 3 Cibinong ada anak kelas dua hampir dibawa orang tak dikenal.";
    expect(estimateSimilarity(signature(text), signature(reordered))).toBeGreaterThan(0.8);
  });

  it("round-trips through its compact serialised form", () => {
    const sig = signature(text);
    const buf = serializeSignature(sig);
    expect(buf.byteLength).toBe(8 + 2 * NUM_HASHES);
    const back = deserializeSignature(new Uint8Array(buf));
    expect(back).toEqual(sig);
    expect(estimateSimilarity(back, sig)).toBe(1);
  });

  it("rejects a buffer it did not produce", () => {
    expect(() => deserializeSignature(new Uint8Array([9, 9, 9]))).toThrow(/unknown signature format/);
    expect(() => deserializeSignature(new Uint8Array(serializeSignature(signature(text)).subarray(0, 40)))).toThrow();
  });
});
