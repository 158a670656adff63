/** Small helpers shared by the benchmarks (not a benchmark itself: leading underscore). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

/** Median of a column and its worst–best values, e.g. "0.945 (0.855–1.000)"; "-" when empty. */
export function spread(xs: readonly number[], digits = 3): string {
  if (xs.length === 0) return "-";
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  const f = (x: number) => x.toFixed(digits);
  return `${f(median)} (${f(s[0] as number)}–${f(s.at(-1) as number)})`;
}

export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) =>
    r.map((c) => (typeof c === "number" ? c.toLocaleString("en-US", { maximumFractionDigits: 2 }) : c)),
  );
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length))) ?? [];
  return cells.map((r) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`).join("\n");
}

export function arg(args: readonly string[], name: string, fallback: number): number {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  const v = hit ? Number(hit.split("=")[1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/**
 * Indonesian-looking filler so scored texts have realistic length and variety:
 * common words plus a few thousand syllable-built words, drawn with a Zipf-like
 * skew (a tiny vocabulary would make every text a near-duplicate of every other).
 */
const COMMON =
  "yang dan di ini itu dengan untuk dari tidak akan pada juga ke ada sudah karena oleh saat warga pemerintah bantuan vaksin puskesmas desa kabupaten polisi banjir gempa harga beras listrik sekolah anak pasar informasi resmi berita pesan grup keluarga dinas bank rekening hadiah lowongan subsidi".split(
    " ",
  );
const SYL =
  "ba be bi bo bu da de di do du ga gi gu ha ja ka ke ki ko ku la li lu ma me mi mo mu na ni nu pa pe pi po pu ra ri ru sa se si so su ta te ti to tu wa ya".split(
    " ",
  );
const RARE: string[] = [];
for (let i = 0; RARE.length < 4000; i++) {
  const a = SYL[i % SYL.length] ?? "ba";
  const b = SYL[Math.floor(i / SYL.length) % SYL.length] ?? "ka";
  const c = i >= SYL.length * SYL.length ? (SYL[(i * 7) % SYL.length] ?? "") : "";
  RARE.push(`${a}${b}${c}${i % 3 === 0 ? "n" : ""}`);
}

export function fakeText(seed: number, words = 40): string {
  let x = (seed * 2654435761 + 1) >>> 0;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x;
  };
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = next();
    // ~40% common words, the rest from the long tail with a skew towards its head
    if (r % 10 < 4) out.push(COMMON[next() % COMMON.length] ?? "dan");
    else out.push(RARE[Math.floor(((next() % 1000) / 1000) ** 2 * RARE.length)] ?? "kata");
  }
  return `${out.join(" ")}.`;
}
