import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractFeatures } from "./feature-extraction.ts";
import { saveModel } from "./io.ts";
import { createRawPredictor } from "./raw-predictor.ts";
import { createScorer, loadScorer } from "./scorer.ts";
import { type TrainingDoc, trainModel } from "./trainer.ts";
import { trainingDocsFromVerdicts } from "./verdicts.ts";

const HOAX = [
  "SEBARKAN!!! Minum air garam hangat ampuh menyembuhkan virus corona, info dari orang dalam",
  "Viralkan sebelum dihapus! Vaksin mengandung chip pelacak, kata orang dalam",
  "Segera teruskan ke semua grup: ada penculikan anak di pasar, waspada!!!",
  "AWAS!!! Kirim kode OTP anda ke nomor ini untuk klaim hadiah bit.ly/hadiah",
  "Bagikan! Rebusan daun sirsak dijamin menyembuhkan kanker dalam tiga hari",
  "Teruskan pesan ini, besok ada pemadaman total seluruh Jawa menurut PLN",
  "Info A1 dari grup sebelah: uang kertas baru akan ditarik, sebarkan segera",
  "VIRALKAN!!! Telur palsu beredar di pasar, sangat berbahaya bagi anak",
  "Sebarkan ke keluarga: bawang putih di pusar mencegah semua penyakit",
  "Transfer sekarang ke rekening ini untuk bantuan sosial, jangan sampai terlambat!!!",
  "Orang dalam bilang gempa besar terjadi malam ini, viralkan",
  "Kemenkes bilang minum kopi menyembuhkan covid, sebarkan!!!",
];
const VALID = [
  "Jakarta - Badan Pusat Statistik mencatat inflasi Mei sebesar 0,3 persen dibanding bulan lalu.",
  "Pemerintah kota meresmikan jembatan baru di kawasan timur pada Senin pagi.",
  "Tim nasional bulu tangkis meraih dua medali emas pada kejuaraan Asia tahun ini.",
  "Bank Indonesia mempertahankan suku bunga acuan, menurut keterangan resmi di situsnya.",
  "Dinas pendidikan membuka pendaftaran sekolah secara daring mulai pekan depan.",
  "Harga beras di pasar induk relatif stabil menurut pantauan pedagang setempat.",
  "Kementerian Perhubungan menambah jadwal kereta selama libur panjang akhir tahun.",
  "Peneliti universitas menerbitkan kajian tentang kualitas air sungai di jurnal ilmiah.",
  "Pertandingan liga dilanjutkan pekan depan setelah jeda internasional, kata operator liga.",
  "Pemerintah daerah menyalurkan bantuan benih kepada kelompok tani di tiga kecamatan.",
  "Museum nasional memperpanjang jam buka selama pameran seni rupa bulan ini.",
  "Perusahaan listrik negara mengumumkan jadwal pemeliharaan jaringan di situs resminya.",
];
const docs: TrainingDoc[] = [
  ...HOAX.map((text) => ({ text, label: 1 as const })),
  ...VALID.map((text) => ({ text, label: 0 as const })),
];
const opts = { folds: 3, now: new Date("2026-01-01T00:00:00Z") };
const model = trainModel(docs, opts);
const scorer = createScorer(model);

describe("trained model on a tiny corpus", () => {
  it("ranks an unseen chain message above an unseen news sentence", () => {
    const hoax = scorer.score({ text: "SEBARKAN segera!!! Air kelapa ampuh menyembuhkan covid, info orang dalam" });
    const news = scorer.score({ text: "Dinas kesehatan membuka layanan imunisasi di puskesmas mulai pekan depan." });
    expect(hoax.score).toBeGreaterThan(news.score);
    expect(hoax.score).toBeGreaterThan(0.5);
    expect(news.score).toBeLessThan(0.5);
  });

  it("gives probabilities and reasons ordered by strength with both signs and Indonesian labels", () => {
    // All reasons: on this tiny corpus the words outweigh the signals, so the top 8 are words.
    const r = createScorer(model, { maxReasons: 40 }).score({
      text: "Sebarkan!!! Pemerintah kota meresmikan jembatan, viralkan",
    });
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(1);
    const mags = r.reasons.map((x) => Math.abs(x.weight));
    expect(mags).toEqual([...mags].sort((a, b) => b - a));
    expect(r.reasons.some((x) => x.weight > 0)).toBe(true);
    expect(r.reasons.some((x) => x.weight < 0)).toBe(true);
    expect(r.reasons.find((x) => x.code === "chain_message")?.label).toBe("ajakan menyebarkan pesan");
    expect(r.reasons.some((x) => x.label.startsWith("kata: "))).toBe(true);
  });

  it("scores exactly as the plain weighted vector does (the scorer fuses weighting and margin)", () => {
    const plain = createRawPredictor(model);
    for (const text of [...HOAX, ...VALID, "", "😀", "https://bit.ly/x SEBARKAN"]) {
      expect(scorer.score({ text }).score).toBeCloseTo(plain(extractFeatures({ text }, model.features)), 12);
    }
  });

  it("learns a positive weight for chain-message markers", () => {
    expect(model.signals.chain_message).toBeGreaterThan(0);
  });

  it("has a version derived from date and weights", () => {
    expect(model.version).toMatch(/^lr-20260101-[0-9a-f]{10}$/);
    expect(trainModel(docs, opts).version).toBe(model.version);
  });
});

describe("model file", () => {
  const dir = mkdtempSync(join(tmpdir(), "klinik-scorer-"));

  it("round-trips through save and load with identical scores", () => {
    const path = join(dir, "model.json");
    saveModel(model, path);
    const loaded = loadScorer(path);
    expect(loaded.version).toBe(model.version);
    for (const text of [...HOAX, ...VALID]) {
      expect(loaded.score({ text }).score).toBeCloseTo(scorer.score({ text }).score, 5);
    }
  });

  it("throws a clear error at load time for a missing file", () => {
    expect(() => loadScorer(join(dir, "nope.json"))).toThrow(/cannot load scorer model .*file not found/);
  });

  it("throws a clear error at load time for a corrupt file", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"format": "klinik-lr/1", "vers');
    expect(() => loadScorer(bad)).toThrow(/corrupt JSON/);
    const good = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    writeFileSync(bad, JSON.stringify({ ...good, weights: { ...good.weights, count: good.weights.count + 1 } }));
    expect(() => loadScorer(bad)).toThrow(/weights arrays do not match count/);
    writeFileSync(bad, JSON.stringify({ ...good, bias: "x" }));
    expect(() => loadScorer(bad)).toThrow(/bias/);
  });

  it("loads the shipped model", () => {
    const shipped = loadScorer();
    expect(shipped.version).toMatch(/^lr-\d{8}-[0-9a-f]{10}$/);
    expect(shipped.score({ text: "halo" }).score).toBeGreaterThan(0);
  });
});

describe("model with a nearest-neighbour vote", () => {
  const withKnn = trainModel(docs, { ...opts, knn: 3 });
  const knnScorer = createScorer(withKnn);
  const dir = mkdtempSync(join(tmpdir(), "klinik-scorer-knn-"));

  it("stores the training documents and blends their vote into the score", () => {
    expect(withKnn.neighbours?.labels.length).toBe(docs.length);
    expect(withKnn.calibration.knn).toBeDefined();
    const r = knnScorer.score({ text: HOAX[0] as string });
    expect(r.score).toBeGreaterThan(0.5);
  });

  it("explains the vote in Indonesian when it is among the strongest reasons", () => {
    const r = createScorer(withKnn, { maxReasons: 100 }).score({ text: VALID[3] as string });
    const reason = r.reasons.find((x) => x.code.startsWith("neighbours:"));
    expect(reason?.label).toMatch(/^mirip \d contoh berlabel (hoaks|valid) di data latih$/);
  });

  it("round-trips through save and load and rejects corrupt neighbour arrays", () => {
    const path = join(dir, "model.json");
    saveModel(withKnn, path);
    const loaded = loadScorer(path);
    for (const text of [...HOAX, ...VALID]) {
      expect(loaded.score({ text }).score).toBeCloseTo(knnScorer.score({ text }).score, 5);
    }
    const good = JSON.parse(readFileSync(path, "utf8"));
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ ...good, neighbours: { ...good.neighbours, count: good.neighbours.count + 1 } }),
    );
    expect(() => loadScorer(bad)).toThrow(/neighbours arrays do not match count/);
    writeFileSync(bad, JSON.stringify({ ...good, neighbours: { ...good.neighbours, values: "AAAA" } }));
    expect(() => loadScorer(bad)).toThrow(/neighbours entries do not match offsets/);
  });
});

describe("analyst verdicts", () => {
  it("maps false/misleading to 1, true to 0 and skips unproven", () => {
    const out = trainingDocsFromVerdicts([
      { text: "a", verdict: "false" },
      { text: "b", verdict: "misleading" },
      { text: "c", verdict: "true" },
      { text: "d", verdict: "unproven" },
      { text: "", verdict: "false" },
    ]);
    expect(out.map((d) => [d.text, d.label])).toEqual([
      ["a", 1],
      ["b", 1],
      ["c", 0],
    ]);
  });

  it("moves a score in the right direction when retrained with extra verdicts", () => {
    const text = "Kucing oranye di kampung itu bisa meramal cuaca";
    const before = scorer.score({ text }).score;
    const extra = trainingDocsFromVerdicts(
      Array.from({ length: 4 }, (_, i) => ({
        text: `${text} ${["ya", "lho", "kata warga", "benar"][i]}`,
        verdict: "false",
      })),
    );
    const after = createScorer(trainModel([...docs, ...extra], opts)).score({ text }).score;
    expect(after).toBeGreaterThan(before);
  });
});

describe("hostile input", () => {
  const cases: Record<string, string> = {
    empty: "",
    spaces: "   \n\t ",
    emojis: "😀🔥🙏🇮🇩",
    urls: "https://bit.ly/abc http://s.id/x www.example.com",
    huge: `${"Sebarkan berita ini! ".repeat(60_000)}`,
    mixed: "Aku ora ngerti, this is fake news bro, mangan sego kucing sebarkan",
    html: '<html><head><style>p{}</style></head><body><p onclick="x">Obat <i>ampuh</i></p><script>1<2</script></body></html>',
    zeroWidth: "\u200B\u200C\u200D\uFEFFvak\u200Bsin",
    unbalanced: "<<<>>> &#xFFFFFFF; &bogus; <a href='",
    control: "\u0000\u0001teks\u0007",
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`scores ${name} text`, () => {
      const r = scorer.score({ text, title: name === "mixed" ? "Judul" : undefined });
      expect(Number.isFinite(r.score)).toBe(true);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.reasons.length).toBeGreaterThan(0);
    });
  }

  it("treats a non-string text as empty instead of throwing", () => {
    const r = scorer.score({ text: undefined as unknown as string, title: 42 as unknown as string });
    expect(r.reasons[0]?.code).toBe("empty_text");
  });

  it("ignores everything after the truncation limit", () => {
    const head = "Pemerintah kota meresmikan jembatan baru. ".repeat(600);
    const a = scorer.score({ text: head });
    const b = scorer.score({ text: `${head}SEBARKAN!!! viralkan orang dalam `.repeat(3) });
    expect(b.score).toBeCloseTo(a.score, 10);
  });
});
