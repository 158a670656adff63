import { describe, expect, it } from "vitest";
import { loadInDomain } from "./corpora.ts";
import { ece, precisionAtTop, rocAuc } from "./metrics.ts";
import { loadScorer } from "./scorer.ts";

// The shipped model on the frozen in-domain families (never trained on: see scripts/train.ts).
const scorer = loadScorer();
const evalDocs = loadInDomain(undefined, "eval");
const p = evalDocs.map((d) => scorer.score({ text: d.text }).score);
const y = evalDocs.map((d) => d.label);

describe("the shipped model on the frozen in-domain evaluation", () => {
  it("holds families disjoint from the training part, with both classes and clarifications", () => {
    const trainFamilies = new Set(loadInDomain(undefined, "train").map((d) => d.group));
    expect(evalDocs.length).toBeGreaterThanOrEqual(150);
    expect(evalDocs.some((d) => trainFamilies.has(d.group))).toBe(false);
    expect(evalDocs.filter((d) => d.kind === "clarification").length).toBeGreaterThanOrEqual(20);
  });

  it("ranks chain messages and scams above news, announcements, warnings and clarifications", () => {
    expect(rocAuc(p, y)).toBeGreaterThanOrEqual(0.92);
    expect(precisionAtTop(p, y, 0.1)).toBeGreaterThanOrEqual(0.9);
  });

  it("gives probabilities that mean what they say (calibration error at most 0.1)", () => {
    expect(ece(p, y)).toBeLessThanOrEqual(0.1);
  });

  it("ranks clarifications that quote a hoax below the hoaxes themselves", () => {
    const clar = evalDocs.map((d, i) => (d.kind === "clarification" ? i : -1)).filter((i) => i >= 0);
    const hoax = y.map((v, i) => (v === 1 ? i : -1)).filter((i) => i >= 0);
    const rows = [...clar, ...hoax];
    expect(
      rocAuc(
        rows.map((i) => p[i] as number),
        rows.map((i) => y[i] as number),
      ),
    ).toBeGreaterThanOrEqual(0.85);
  });
});

describe("the shipped model without evidence", () => {
  it("scores empty and markup-only text 0.5: unsure, not probably hoax", () => {
    expect(scorer.score({ text: "" }).score).toBeCloseTo(0.5, 2);
    expect(scorer.score({ text: "<p> </p>" }).score).toBeCloseTo(0.5, 2);
  });

  it("keeps a text of one or two words near the middle", () => {
    for (const text of ["ok", "terima kasih", "halo"]) {
      const s = scorer.score({ text }).score;
      expect(s).toBeGreaterThan(0.25);
      expect(s).toBeLessThan(0.75);
    }
  });
});

describe("reasons of the shipped model", () => {
  // Every reason (not only the top 8), to check each one's direction.
  const chain = loadScorer(undefined, { maxReasons: 100 }).score({
    text: "SEGERA!!! Transfer biaya pendaftaran ke rekening panitia, penculikan anak marak. Sebarkan ke semua grup",
  });

  it("push towards hoax for urgency words, money requests and chain markers", () => {
    for (const code of ["urgency", "money_request", "chain_message"]) {
      const r = chain.reasons.find((x) => x.code === code);
      expect(r, code).toBeDefined();
      expect(r?.weight).toBeGreaterThan(0);
    }
    expect(chain.score).toBeGreaterThan(0.8);
  });

  it("name words and phrases as written, never stems or placeholders", () => {
    const news = scorer.score({
      text: "Polres membantah isu penculikan anak. Sebanyak 3 laporan diterima 12 Mei, kata Kapolres di https://polri.go.id",
    });
    const codes = [...chain.reasons, ...news.reasons].map((r) => r.code);
    const labels = [...chain.reasons, ...news.reasons].map((r) => r.label);
    expect(labels.some((l) => /<|>|_num_|_url_/.test(l))).toBe(false);
    expect(codes.some((c) => c === "term:culik" || c === "phrase:culi anak")).toBe(false);
    const all = loadScorer(undefined, { maxReasons: 100 }).score({ text: "Awas penculikan anak di sekolah" });
    expect(all.reasons.map((r) => r.code)).toContain("phrase:penculikan anak");
  });

  it("lower a clarification's score for its denial", () => {
    const r = scorer.score({ text: "Klarifikasi: pesan berantai tentang penculikan anak adalah hoaks, kata polisi." });
    expect(r.reasons.find((x) => x.code === "debunk")?.weight).toBeLessThan(0);
  });
});
