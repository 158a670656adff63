import { describe, expect, it } from "vitest";
import { adaptModel } from "./adapt.ts";
import { loadModel } from "./io.ts";
import { fromModelFile, toModelFile } from "./model.ts";
import { createScorer } from "./scorer.ts";
import { trainingDocsFromVerdicts } from "./verdicts.ts";

const base = loadModel();
const baseScorer = createScorer(base);

// What the shipped model gets wrong for this clinic: a fake holiday written like an announcement
// (scored ~0) and the police's scam warnings that name transfers (scored ~0.97).
const places = ["Dolo", "Marawola", "Biromaru", "Palolo", "Kulawi", "Gumbasa"];
const hoax = (p: string, d: string) =>
  `Pemerintah kabupaten meliburkan seluruh sekolah di ${p} selama dua pekan mulai ${d} karena wabah cacar`;
const news = (p: string) =>
  `Polres mengimbau warga ${p} waspada penipuan berkedok undian berhadiah, jangan transfer uang ke rekening yang tidak dikenal`;
const days = ["Senin", "Selasa", "Rabu", "Kamis"];
const verdicts = [
  ...places.slice(0, 4).flatMap((p) => days.slice(0, 2).map((d) => ({ text: hoax(p, d), verdict: "false" }))),
  ...places.slice(0, 4).flatMap((p) => [
    { text: news(p), verdict: "true" },
    { text: news(`${p} Barat`), verdict: "true" },
  ]),
  { text: "Sebuah catatan yang belum jelas", verdict: "unproven" },
];

describe("a clinic model (base model + the clinic's verdicts)", () => {
  it("scores exactly as its base without verdicts", () => {
    const same = createScorer(adaptModel(base, []));
    for (const text of [hoax("Kulawi", "Kamis"), news("Kulawi"), "Sebarkan!!! segera"]) {
      expect(same.score({ text }).score).toBeCloseTo(baseScorer.score({ text }).score, 6);
    }
  });

  it("reorders the queue after 16 verdicts: a new wording of the clinic's hoax rises above its news", () => {
    const clinic = createScorer(adaptModel(base, trainingDocsFromVerdicts(verdicts)));
    const unseenHoax = { text: hoax("Gumbasa", "Kamis") };
    const unseenNews = { text: news("Gumbasa") };
    const before = [baseScorer.score(unseenHoax).score, baseScorer.score(unseenNews).score];
    const after = [clinic.score(unseenHoax).score, clinic.score(unseenNews).score];
    expect(before[0]).toBeLessThan(before[1] as number);
    expect(after[0]).toBeGreaterThan(after[1] as number);
    expect(after[0]).toBeGreaterThan(0.5);
    expect(after[1]).toBeLessThan(0.5);
  });

  it("keeps its reasons readable and says what it adapted, through save and load", () => {
    const m = adaptModel(base, trainingDocsFromVerdicts(verdicts), { now: new Date("2026-11-30T00:00:00Z") });
    expect(m.version).not.toBe(base.version);
    expect(m.training.adaptation).toMatchObject({ base: base.version, verdicts: 16, positives: 8 });
    const loaded = fromModelFile(JSON.parse(JSON.stringify(toModelFile(m))));
    const text = hoax("Gumbasa", "Rabu");
    expect(createScorer(loaded).score({ text }).score).toBeCloseTo(createScorer(m).score({ text }).score, 5);
    const reasons = createScorer(m).score({ text }).reasons;
    expect(reasons.some((r) => r.weight > 0 && r.code.startsWith("term:"))).toBe(true);
  });

  it("weighs two hoax verdicts as little evidence: the clinic's official news sharing their words does not rise", () => {
    // A clinic's first 20 verdicts hold about two hoaxes; each of their words is no hoax word yet.
    const chickenHoaxes = [
      "Ayam di Sidera mati mendadak karena virus baru yang bisa menular ke manusia, jangan makan ayam dulu",
      "Virus ayam dari luar negeri sudah masuk Dolo, orang yang makan ayam potong bisa kena radang otak",
    ];
    const localNews = [
      "Polres mengimbau warga Dolo waspada pencurian ternak menjelang musim panen",
      "Harga cabai rawit di Pasar Inpres turun setelah panen di Palolo, pembeli mulai ramai",
      "Warga Loru bergotong royong membersihkan saluran irigasi menjelang musim tanam",
      "BPBD menetapkan status siaga banjir di Kulawi. Warga bantaran sungai diminta waspada",
      "Siswa SMP di Biromaru mengikuti lomba pidato yang digelar dinas pendidikan pada Senin",
      "Dinas Kesehatan mencatat 3 kasus DBD di Dolo pekan ini",
      "PDAM mengumumkan gangguan distribusi air di Marawola pada Rabu pukul 08.00–15.00 karena perbaikan pipa",
      "KPU menggelar sosialisasi tahapan pilkada di Gumbasa bersama tokoh masyarakat dan pemilih pemula",
    ];
    const clinic = createScorer(
      adaptModel(
        base,
        trainingDocsFromVerdicts([
          ...chickenHoaxes.map((text) => ({ text, verdict: "false" })),
          ...localNews.map((text) => ({ text, verdict: "true" })),
        ]),
      ),
    );
    const official = {
      text: "Dinas peternakan memeriksa ayam yang mati di Bobo dan memastikan penyebabnya penyakit tetelo, bukan flu burung",
    };
    const retold = {
      text: "Ayam di Pombewe mati mendadak karena virus baru yang bisa menular ke manusia, jangan makan ayam dulu",
    };
    expect(clinic.score(official).score).toBeLessThan(baseScorer.score(official).score);
    expect(clinic.score(retold).score).toBeGreaterThan(baseScorer.score(retold).score);
  });
});
