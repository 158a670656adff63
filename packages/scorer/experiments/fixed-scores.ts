/**
 * Writes `fixtures/fixed-scores.json`, what `src/fixed-scores.test.ts`
 * compares the scorer with: a small model (2^12 buckets, so hash collisions
 * are common and their reasons are split) trained on the in-domain training
 * texts, and its score and reasons (codes and weights, 12 at most) for every
 * in-domain text plus edge cases.
 * Run it from the commit whose scores are the reference, before a change
 * that must not move them: `tsx packages/scorer/experiments/fixed-scores.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createScorer, toModelFile, trainModel } from "../src/index.ts";

const repeated = (w: string, n: number) => Array.from({ length: n }, () => w).join(" ");

/** Edge cases: URLs, mentions, numbers, capitals, HTML, long and repeated text. */
const EDGE_TEXTS: string[] = [
  "",
  "   ",
  "🙏🙏🙏",
  "a",
  "Kata.Lalu kata,lalu 2.000 dan 3,5 persen; Rp 500.000,- COVID-19 dan covid19",
  "Cek kompas.com/berita/123 dan bit.ly/abc123, juga www.kemenkes.go.id serta https://s.id/x?y=1.",
  "Domain aneh: a--b.com, -a.com, a-.id, kemenkes-info.xyz dan g00gle.com/login",
  "@admin_grup @budi tolong teruskan ke @semua_warga!!! 1!1!",
  "VIRAL!!! SEBARKAN KE SEMUA GRUP: AIR PDAM TERCEMAR RACUN, JANGAN MINUM",
  "Kelvin \u212a dan long s \u017f di kata \u017febarkan",
  "<p>Jakarta, 12 Mei (ANTARA) - Pemerintah <b>menyalurkan</b> bantuan &amp; beras</p>",
  "Bukan hoaks! Ini bukan hoax, faktanya vaksin aman. Klarifikasi: informasi itu tidak benar.",
  "Transfer Rp 250.000 ke no. rek 1234567890 untuk biaya admin, kirim kode OTP dan PIN anda",
  `${repeated("sebarkan", 300)} ${repeated("hoaks", 200)}`,
  repeated("Pemerintah kabupaten menyalurkan bantuan beras kepada warga desa terdampak banjir.", 60),
  "don't ’kata’ it's l'eau so-so so--so .titik, koma,",
];

const rows = readFileSync(new URL("../eval/indomain.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as { text: string; label: 0 | 1; split: string });
const model = trainModel(
  rows.filter((r) => r.split === "train").map((r) => ({ text: r.text, label: r.label })),
  { features: { hashBits: 12 }, folds: 3 },
);
const scorer = createScorer(model, { maxReasons: 12 });
const texts = [...rows.map((r) => r.text), ...EDGE_TEXTS];
// Reason codes and weights, not labels: labels are wording, and wording may change.
const results = texts.map((text) => {
  const r = scorer.score({ text });
  return { text, score: r.score, reasons: r.reasons.map((x) => [x.code, x.weight]) };
});
writeFileSync(
  new URL("../fixtures/fixed-scores.json", import.meta.url),
  `${JSON.stringify({ model: toModelFile(model), results })}\n`,
);
console.log(`${results.length} texts scored by ${model.version}`);
