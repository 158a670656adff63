import { describe, expect, it } from "vitest";
import { DEFAULT_FEATURE_CONFIG, featureDims } from "./feature-config.ts";
import { extractFeatures } from "./feature-extraction.ts";
import { inverseDocFreq, weighFeatures } from "./feature-weighting.ts";
import { featurize } from "./featurize.ts";
import { extractSignals, isLookalikeDomain, SIGNAL_NAMES, type SignalName } from "./signals.ts";
import { scanTokens } from "./tokenize.ts";

const cfg = DEFAULT_FEATURE_CONFIG;

function signals(text: string, url?: string): Record<SignalName, number> {
  const v = extractSignals(text, scanTokens(text), url);
  return Object.fromEntries(SIGNAL_NAMES.map((n, i) => [n, v[i] ?? 0])) as Record<SignalName, number>;
}

describe("signals", () => {
  it("detects chain-message markers, urgency and exclamation runs", () => {
    const s = signals("Segera sebarkan ke semua grup!!! Viralkan!!!");
    expect(s.chain_message).toBeGreaterThan(0.5);
    expect(s.urgency).toBeGreaterThan(0);
    expect(s.exclamation).toBeGreaterThan(0);
    expect(signals("Rapat dimulai pukul sembilan.").chain_message).toBe(0);
  });

  it("counts a phrase in every list it belongs to, and repeated phrases once each", () => {
    const s = signals("Viral! viral, kanker menyembuhkan kanker. sekarang juga sekarang juga");
    expect(s.chain_message).toBe(0.75); // "viral" twice
    expect(s.clickbait).toBe(0.75); // the same two "viral"
    expect(s.fear).toBe(0.75); // "kanker" twice
    expect(s.urgency).toBe(0.75); // "sekarang juga" twice
    expect(s.health_claim).toBe(1); // "kanker" (health) + "menyembuhkan" (claim)
  });

  it("measures the ALL-CAPS ratio", () => {
    expect(signals("INI BERITA SANGAT PENTING UNTUK SEMUA").caps_ratio).toBe(1);
    expect(signals("Ini berita biasa untuk semua orang").caps_ratio).toBe(0);
  });

  it("flags shortened links and look-alike domains", () => {
    expect(signals("klik s.id/hadiah").shortened_link).toBe(1);
    expect(signals("lihat https://tinyurl.com/x").shortened_link).toBe(1);
    expect(signals("daftar di kemenkes-vaksin.com").lookalike_domain).toBe(1);
    expect(signals("sumber: https://kemkes.go.id/berita").lookalike_domain).toBe(0);
    expect(isLookalikeDomain("g00gle.com")).toBe(true);
    expect(isLookalikeDomain("google.com")).toBe(false);
    expect(isLookalikeDomain("bri-promo.go-id.xyz")).toBe(true);
  });

  it("uses the item's own URL for link signals", () => {
    expect(signals("promo", "https://bit.ly/abc").shortened_link).toBe(1);
  });

  it("flags OTP/PIN and transfer requests, and insider claims", () => {
    expect(signals("Kirim kode OTP dan PIN anda").credential_request).toBeGreaterThan(0);
    expect(signals("Silakan transfer ke rekening berikut").money_request).toBeGreaterThan(0);
    expect(signals("Ini info dari orang dalam istana").insider_info).toBeGreaterThan(0);
  });

  it("separates authorities quoted with and without a source link", () => {
    expect(signals("Menurut WHO vaksin ini berbahaya").authority_no_link).toBe(1);
    const linked = signals("Menurut WHO (who.int/news) kasus naik");
    expect(linked.authority_no_link).toBe(0);
    expect(linked.authority_with_link).toBe(1);
  });

  it("flags health claims without a source", () => {
    const s = signals("Air rebusan daun ini ampuh menyembuhkan kanker");
    expect(s.health_claim).toBe(1);
    expect(s.health_claim_no_source).toBe(1);
    expect(signals("Harga cabai naik").health_claim).toBe(0);
  });
});

describe("featurize", () => {
  it("produces indices inside the feature space with a unit-norm word block", () => {
    const withChars = { ...cfg, charScale: 1, shortTerms: 0 };
    const f = featurize({ text: "Vaksin berbahaya, segera sebarkan!!!" }, withChars);
    const dims = featureDims(cfg);
    expect(f.indices.length).toBeGreaterThan(10);
    const raw = extractFeatures({ text: "Vaksin berbahaya, segera sebarkan!!!" }, withChars);
    const w = weighFeatures(raw, withChars, null);
    let sq = 0;
    for (let k = 0; k < raw.wordEnd; k++) sq += (w.values[k] as number) ** 2;
    expect(Math.sqrt(sq)).toBeCloseTo(1, 5);
    for (const i of f.indices) expect(i).toBeGreaterThanOrEqual(0);
    for (const i of f.indices) expect(i).toBeLessThan(dims);
    const signalSlots = [...f.indices].filter((i) => i >= 2 ** cfg.hashBits);
    expect(signalSlots.length).toBeGreaterThan(0);
  });

  const legacy = { ...cfg, stem: true, dropStopwords: true, numbers: true, placeholderBigrams: true };

  it("with stemming on (models before surface words), maps inflected forms to the same stemmed word feature", () => {
    const a = featurize({ text: "menyebarkan" }, legacy, true);
    const b = featurize({ text: "disebarkan" }, legacy, true);
    expect(a.provenance?.keys).toContain("term:sebar");
    expect(b.provenance?.keys).toContain("term:sebar");
  });

  it("with stopwords dropped (models before), builds bigrams of the kept words", () => {
    const f = featurize({ text: "vaksin yang berbahaya" }, legacy, true);
    const keys = new Set(f.provenance?.keys);
    expect(keys.has("term:yang")).toBe(false);
    expect(keys.has("phrase:vaksin bahaya")).toBe(true);
  });

  it("by default keeps surface words and stopwords, so reasons read as written", () => {
    const f = featurize({ text: "Awas penculikan anak yang marak" }, cfg, true);
    const keys = new Set(f.provenance?.keys);
    expect(keys.has("phrase:penculikan anak")).toBe(true);
    expect(keys.has("term:yang")).toBe(true);
    expect(keys.has("phrase:anak yang")).toBe(true);
    expect(keys.has("term:penculikan")).toBe(true);
    expect(keys.has("term:culik")).toBe(false);
  });

  it("by default counts no numbers and joins no placeholder into a phrase", () => {
    const f = featurize({ text: "transfer 150.000 rupiah ke bit.ly/abc sekarang @admin 3 4" }, cfg, true);
    const keys = f.provenance?.keys ?? [];
    expect(keys.some((k) => k.includes("_num_"))).toBe(false);
    expect(keys.filter((k) => k.startsWith("phrase:")).some((k) => /_url_|_akun_/.test(k))).toBe(false);
    expect(keys).toContain("term:_url_");
    expect(keys).toContain("term:transfer");
  });

  it("gives a text of a few words less evidence than a full message", () => {
    const norm = (text: string) => {
      const raw = extractFeatures({ text }, cfg);
      const v = weighFeatures(raw, cfg, null).values.subarray(0, raw.wordEnd);
      return Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    };
    expect(norm("selamat pagi")).toBeCloseTo(3 / 24, 5);
    const message =
      "warga di tepi sungai diminta segera mengungsi karena bendungan di hulu sudah retak dan air naik cepat";
    expect(norm(message)).toBeCloseTo(1, 5);
  });

  it("is deterministic", () => {
    const a = featurize({ text: "Obat herbal ampuh" }, cfg);
    const b = featurize({ text: "Obat herbal ampuh" }, cfg);
    expect([...a.indices]).toEqual([...b.indices]);
    expect([...a.values]).toEqual([...b.values]);
  });

  it("feeds char n-grams only from the first charWords kept words", () => {
    const c = { ...cfg, charScale: 1, charWords: 2 };
    const few = extractFeatures({ text: "vaksin bahaya obat" }, c, true);
    const keys = new Set(few.provenance?.keys.slice(few.provenance.keys.indexOf("term:obat")));
    // "obat" is the third kept word: only its word feature, no char n-grams.
    expect(few.provenance?.keys.filter((k) => k === "term:obat")).toHaveLength(1);
    expect(keys.size).toBeGreaterThan(0);
    const charsTwo = few.indices.length - few.wordEnd;
    const all = extractFeatures({ text: "vaksin bahaya obat" }, { ...c, charWords: 3 });
    expect(all.indices.length - all.wordEnd).toBeGreaterThan(charsTwo);
  });

  it("weighs rare terms above common ones and L2-normalises long and short documents alike", () => {
    const cfg = { ...DEFAULT_FEATURE_CONFIG, shortTerms: 0 };
    const docs = ["vaksin aman", "vaksin chip", "vaksin halal", "vaksin gratis"].map((text) => ({ text }));
    const raws = docs.map((d) => extractFeatures(d, cfg, true));
    const idf = inverseDocFreq(raws, [0, 1, 2, 3], cfg);
    const bucketOf = (i: number, key: string) =>
      raws[i]?.provenance?.buckets[raws[i]?.provenance?.keys.indexOf(key) ?? -1] ?? -1;
    expect(idf[bucketOf(1, "term:chip")]).toBeGreaterThan(idf[bucketOf(1, "term:vaksin")] as number);
    const wordNorm = (text: string) => {
      const raw = extractFeatures({ text }, cfg);
      const v = weighFeatures(raw, cfg, idf).values.subarray(0, raw.wordEnd);
      return Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    };
    expect(wordNorm("vaksin chip")).toBeCloseTo(1, 5);
    expect(wordNorm("vaksin chip ".repeat(200))).toBeCloseTo(1, 5);
  });
});
