import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Scorer } from "@klinik/core";
import { describe, expect, it } from "vitest";
import { adaptModel } from "./adapt.ts";
import { decodeClinicModel, encodeClinicModel, readClinicModel } from "./clinic-model.ts";
import { ClinicScorers } from "./clinic-scorers.ts";
import { heldOutCount, trainClinicModel } from "./clinic-training.ts";
import { loadModel } from "./io.ts";
import { createClinicScorer, createScorer } from "./scorer.ts";
import type { TrainingDoc } from "./trainer.ts";

const base = loadModel();
const places = ["Dolo", "Marawola", "Biromaru", "Palolo", "Kulawi", "Gumbasa", "Sigi", "Banawa"];
const hoax = (p: string, i: number) =>
  `Pemerintah kabupaten meliburkan seluruh sekolah di ${p} selama dua pekan mulai hari ke-${i} karena wabah cacar`;
const news = (p: string, i: number) =>
  `Polres mengimbau warga ${p} waspada penipuan undian berhadiah nomor ${i}, jangan transfer uang ke rekening tak dikenal`;
const docs: TrainingDoc[] = places.flatMap((p, i) => [
  { text: hoax(p, i), label: 1 as const },
  { text: news(p, i), label: 0 as const },
]);

describe("a clinic model's artefact", () => {
  const model = adaptModel(base, docs);
  const bytes = encodeClinicModel(base, model);

  it("holds only what differs from the base and scores exactly as the model it encodes", () => {
    expect(bytes.byteLength).toBeLessThan(100_000);
    const back = decodeClinicModel(base, bytes);
    expect(back.version).toBe(model.version);
    expect(back.idf).toBe(base.idf);
    const text = hoax("Tawaeli", 99);
    expect(createScorer(back).score({ text })).toEqual(createScorer(model).score({ text }));
  });

  it("refuses an artefact fitted on another base, or garbage", () => {
    expect(() => decodeClinicModel({ ...base, version: "lr-other" }, bytes)).toThrow(/fitted on base/);
    expect(() => decodeClinicModel(base, Buffer.from("not gzip"))).toThrow(/invalid clinic model/);
  });

  // Texts the clinic layer changed (its verdicts, their places) and texts it did not.
  const texts = [
    ...docs.map((d) => d.text),
    hoax("Tawaeli", 99),
    news("Parigi", 7),
    "VIRAL!!! Sebarkan ke semua grup: air PDAM tercemar racun, jangan minum air keran malam ini",
    "BMKG: hujan lebat disertai angin kencang berpotensi terjadi di Sulawesi Tengah pada Senin sore",
    "Transfer Rp 500.000 ke rekening ini untuk mencairkan bantuan sosial, kirim kode OTP ke nomor admin",
    "",
    "🙏🙏🙏",
  ];

  it("scores through ClinicScorers exactly as the full rebuild does: the base's weights plus the changed buckets", () => {
    const full = createScorer(decodeClinicModel(base, bytes));
    const layered = new ClinicScorers(base, 4).load(bytes);
    expect(layered.version).toBe(full.version);
    for (const text of texts) expect(layered.score({ text })).toEqual(full.score({ text }));
    // The layer did change scores: the base does not score the clinic's verdicts so.
    const baseScorer = createScorer(base);
    expect(docs.some((d) => baseScorer.score({ text: d.text }).score !== layered.score({ text: d.text }).score)).toBe(
      true,
    );
  });

  it("scores exactly as the full rebuild on a base without the fused IDF path too", () => {
    const plain = { ...base, idf: null };
    const full = createScorer(decodeClinicModel(plain, bytes));
    const layered = createClinicScorer(plain, readClinicModel(plain, bytes));
    for (const text of texts) expect(layered.score({ text })).toEqual(full.score({ text }));
  });

  it("costs a loaded clinic model its changed buckets, not a copy of the base's arrays", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const artefacts = Array.from({ length: 20 }, (_, i) =>
      encodeClinicModel(base, adaptModel(base, docs.slice(0, 6 + (i % 10)).concat(docs.slice(-2)))),
    );
    const scorers = new ClinicScorers(base, 64);
    scorers.load(artefacts[0] as Uint8Array);
    gc();
    const before = process.memoryUsage().arrayBuffers;
    for (const a of artefacts) scorers.load(a);
    gc();
    const grown = process.memoryUsage().arrayBuffers - before;
    // A full copy is 3 MB a model (dense weights and IDF/weight pairs at 2^18 buckets): 20 would be 60 MB.
    expect(grown).toBeLessThan(20 * 200_000);
  });

  it("is kept by ClinicScorers, least recently used evicted", () => {
    const scorers = new ClinicScorers(base, 1);
    expect(scorers.get(base.version)).toBe(scorers.base);
    expect(scorers.get(model.version)).toBeUndefined();
    scorers.load(bytes);
    expect(scorers.get(model.version)?.version).toBe(model.version);
    scorers.load(encodeClinicModel(base, adaptModel(base, docs.slice(0, 6))));
    expect(scorers.get(model.version)).toBeUndefined();
    expect(scorers.size).toBe(1);
  });
});

describe("a clinic training run", () => {
  it("holds out the most recent verdicts: a fifth, at least 5, at most 200, never all", () => {
    expect([3, 16, 40, 100, 2_000].map((n) => heldOutCount(n))).toEqual([2, 5, 8, 20, 200]);
  });

  it("promotes a candidate that does no worse than the active model on the held-out verdicts", () => {
    const r = trainClinicModel(base, createScorer(base), docs);
    expect(r.promote).toBe(true);
    expect(r.refusal).toBeNull();
    expect(r.candidate.n).toBe(5);
    expect(r.model?.training.adaptation?.verdicts).toBe(docs.length);
  });

  it("refuses a candidate worse than the active model, saying why", () => {
    // An active model that knows every held-out verdict.
    const oracle: Scorer = {
      version: "oracle",
      score: (input) => ({ score: docs.find((d) => d.text === input.text)?.label === 1 ? 0.99 : 0.01, reasons: [] }),
    };
    // Verdicts that contradict the recent ones: what they teach ranks the held-out verdicts the wrong way round.
    const shuffled = docs.map((d) => ({ ...d, label: (1 - d.label) as 0 | 1 }));
    const r = trainClinicModel(base, oracle, [...shuffled.slice(0, 11), ...docs.slice(11)]);
    expect(r.promote).toBe(false);
    expect(r.model).toBeNull();
    expect(r.refusal).toMatch(/below the active model's|above the active model's/);
  });
});
