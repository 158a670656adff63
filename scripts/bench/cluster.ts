// Benchmark for claim assignment: `assignBatch` of @klinik/claims (what the
// classify processor runs: query + add per item, over a @klinik/cluster index)
// latency and memory at 10k / 100k / 1M stored items on a synthetic Indonesian
// chain-message corpus, plus pairwise precision/recall on the held-out test families.
//
//   pnpm bench cluster            # sizes 10k,100k,1M
//   pnpm bench cluster --max=100000
//   node --expose-gc --import tsx scripts/bench/cluster.ts --sizes=10000,50000
// --expose-gc gives steadier heap figures.
import { assignBatch } from "@klinik/claims";
import { ClusterIndex, type Signature, signature } from "@klinik/cluster";
import { evaluateClustering, TEST_FAMILIES } from "@klinik/cluster/testing";

const VOCAB = `yang dan di ke dari untuk dengan ini itu akan tidak sudah ada pada juga karena bisa dalam oleh
saat kita mereka kami anda warga masyarakat pemerintah presiden menteri gubernur bupati wali kota desa kelurahan
kecamatan kabupaten provinsi rumah sakit dokter pasien obat vaksin virus penyakit kanker jantung darah gula
minum makan air daun rebusan jahe kunyit madu garam jeruk kelapa bawang putih sirih pepaya sirsak kopi teh
bantuan sosial uang tunai dana subsidi bansos blt pendaftaran daftar link formulir data nik ktp kartu keluarga
rekening bank transfer saldo tabungan pinjaman hadiah undian pemenang mobil motor emas pulsa kuota internet
gratis murah diskon promo lowongan kerja gaji tunjangan karyawan pegawai honorer guru polisi tentara
petugas anggota kantor sekolah anak siswa mahasiswa orang tua ibu bapak keluarga tetangga teman saudara
penculikan pelaku korban mayat ditemukan hilang diculik dibawa mobil hitam putih merah plat nomor jalan
gempa tsunami banjir longsor hujan badai angin letusan gunung laut pantai pesisir mengungsi waspada bahaya
pemilu suara surat coblos kotak tps kpu bawaslu calon partai kampanye curang hasil hitung server data
polda polres razia tilang denda sim stnk pajak kendaraan disita ditangkap dipenjara hukum undang aturan
listrik pln padam gas elpiji bensin pertalite pertamax harga naik turun mahal langka stok habis antre
berita informasi pesan kabar pengumuman resmi palsu benar bohong fakta terbukti ternyata menurut kata bilang
hari ini besok kemarin minggu bulan tahun pagi siang sore malam jam menit detik tanggal mulai sampai sebelum
setelah selama sejak segera langsung cepat lambat sekarang nanti baru lama semua setiap beberapa banyak sedikit
besar kecil tinggi rendah panjang pendek baik buruk sehat sakit mati hidup aman berbahaya penting wajib harus
boleh dilarang jangan mohon tolong silakan coba lihat cek klik kirim bagikan terima buka tutup isi tulis baca
menyebabkan mengandung membunuh menyembuhkan mencegah melindungi menyerang merusak menghapus memblokir
menguras mencuri menipu mengaku meminta menawarkan membagikan mengumumkan memprediksi melarang mewajibkan
jakarta bandung surabaya medan makassar semarang yogyakarta palembang bekasi depok bogor tangerang malang
solo denpasar padang pekanbaru balikpapan manado pontianak banjarmasin ambon jayapura kupang mataram
agus budi siti dewi andi rina joko sri wahyu yanti hendra lestari bambang ratna eko sari dimas putri`
  .split(/\s+/)
  .filter(Boolean);

const HEADERS = ["Diteruskan dari grup sebelah", "Forwarded many times", "*PENTING*", "Info A1 dari grup sebelah", ""];
const TAILS = ["Sebarkan!!", "SEBARKAN ke semua grup!", "Jangan berhenti di Anda 🙏", "Viralkan!", ""];
const EMOJI = ["😱", "🙏", "⚠️", "‼️", "😭", "🔥", "📢", "👇"];
const LINKS = ["https://bit.ly/3xYz9Q", "s.id/daftar-bansos", "https://tinyurl.com/info-resmi", "cutt.ly/promo"];

/** Small seeded PRNG (mulberry32), so corpora are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Zipf-like: common function words far more often than place names.
function word(rand: () => number): string {
  const i = Math.floor(VOCAB.length * rand() ** 2.2);
  return VOCAB[i] as string;
}

/** A family's base message: 20–80 words in sentences of 5–13 words. */
function baseSentences(family: number): string[][] {
  const rand = rng(family * 2654435761);
  const total = 20 + Math.floor(rand() * 61);
  const sentences: string[][] = [];
  let left = total;
  while (left > 0) {
    const n = Math.min(left, 5 + Math.floor(rand() * 9));
    sentences.push(Array.from({ length: n }, () => word(rand)));
    left -= n;
  }
  return sentences;
}

/** One forwarded copy: names swapped, typos, reorder, truncation, headers, emojis, links. */
function variantText(family: number, copy: number): string {
  const rand = rng(family * 2654435761 + copy * 40503 + 7);
  let sentences = baseSentences(family).map((s) => [...s]);
  if (copy > 0) {
    for (const s of sentences) {
      if (rand() < 0.15) s[Math.floor(rand() * s.length)] = word(rand); // changed name or place
      if (rand() < 0.1) {
        const i = Math.floor(rand() * s.length);
        s[i] = typo(s[i] as string, rand);
      }
    }
    if (rand() < 0.3) sentences.sort(() => rand() - 0.5);
    if (rand() < 0.2 && sentences.length > 2) sentences = sentences.slice(0, Math.ceil(sentences.length * 0.75));
  }
  const body = sentences
    .map((s) => {
      const text = `${s.join(" ")}.`;
      return rand() < 0.2 ? `${text} ${EMOJI[Math.floor(rand() * EMOJI.length)]}` : text;
    })
    .join(" ");
  if (copy === 0) return body;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  return `${pick(HEADERS)} ${body} ${rand() < 0.3 ? pick(LINKS) : ""} ${pick(TAILS)}`;
}

function typo(w: string, rand: () => number): string {
  if (w.length < 4) return w;
  const i = 1 + Math.floor(rand() * (w.length - 2));
  return w.slice(0, i) + (w[i + 1] ?? "") + (w[i] ?? "") + w.slice(i + 2);
}

const COPIES_PER_FAMILY = 5;
/** Items per classify job (CLASSIFY_BATCH of @klinik/queue). */
const BATCH = 100;

interface Row {
  size: number;
  buildMs: number;
  signUs: number;
  assignMeanUs: number;
  rawMeanUs: number;
  assignP99Us: number;
  batchItemUs: number;
  batchP99Ms: number;
  joined: number;
  wrongJoins: number;
  heapMb: number;
  arrayBuffersMb: number;
  rssMb: number;
  indexMb: number;
}

function memory(): { heapMb: number; arrayBuffersMb: number; rssMb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mb = (b: number) => b / 2 ** 20;
  return { heapMb: mb(m.heapUsed), arrayBuffersMb: mb(m.arrayBuffers), rssMb: mb(m.rss) };
}

function measureAt(index: ClusterIndex, size: number, buildMs: number, fresh: number): Row {
  const families = size / COPIES_PER_FAMILY;
  const rand = rng(size);
  // Half are a new copy of a stored family (should join it), half a brand-new story.
  const probes = Array.from({ length: fresh }, (_, i) => {
    const known = i % 2 === 0;
    const family = known ? Math.floor(rand() * families) : 10_000_000 + size + i;
    return { family, known, text: variantText(family, known ? COPIES_PER_FAMILY + 1 + i : 1) };
  });
  const t0 = performance.now();
  const sigs: Signature[] = probes.map((p) => signature(p.text));
  const signUs = ((performance.now() - t0) * 1000) / fresh;

  // One item per call, as a job of one would, each right after the bare index
  // work (query + add, no decision) on the same item: the machine is shared and
  // noisy, so the ratio of the two, measured side by side, is the figure to trust.
  // Then the same probes in jobs of BATCH.
  const times = new Float64Array(fresh);
  let rawTotalUs = 0;
  let joined = 0;
  let wrongJoins = 0;
  const raw = (i: number, sig: Signature) => {
    const t0 = process.hrtime.bigint();
    index.query(sig);
    index.add(`raw-${i}`, "raw", sig);
    rawTotalUs += Number(process.hrtime.bigint() - t0) / 1000;
    index.remove(`raw-${i}`);
  };
  probes.forEach((p, i) => {
    const sig = sigs[i] as Signature;
    // alternate which goes first, so neither always finds the caches warm
    if (i % 2 === 0) raw(i, sig);
    const start = process.hrtime.bigint();
    const [result] = assignBatch(index, [{ id: `probe-${i}`, sig }], () => `new-${i}`);
    times[i] = Number(process.hrtime.bigint() - start) / 1000;
    if (i % 2 === 1) raw(i, sig);
    if (p.known && result?.clusterId === `f${p.family}`) joined++;
    if (!p.known && !result?.created) wrongJoins++;
  });
  for (let i = 0; i < fresh; i++) index.remove(`probe-${i}`);
  const batchTimes: number[] = [];
  let fresh2 = 0;
  for (let b = 0; b < fresh; b += BATCH) {
    const items = probes.slice(b, b + BATCH).map((_, j) => ({ id: `probe-${b + j}`, sig: sigs[b + j] as Signature }));
    const start = process.hrtime.bigint();
    assignBatch(index, items, () => `new-b${fresh2++}`);
    batchTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  for (let i = 0; i < fresh; i++) index.remove(`probe-${i}`);
  batchTimes.sort((a, b) => a - b);
  times.sort();
  const mean = times.reduce((a, b) => a + b, 0) / fresh;
  return {
    size,
    buildMs,
    signUs,
    assignMeanUs: mean,
    rawMeanUs: rawTotalUs / fresh,
    assignP99Us: times[Math.floor(fresh * 0.99)] as number,
    batchItemUs: (batchTimes.reduce((a, b) => a + b, 0) * 1000) / fresh,
    batchP99Ms: batchTimes[Math.min(batchTimes.length - 1, Math.floor(batchTimes.length * 0.99))] as number,
    joined: joined / (fresh / 2),
    wrongJoins,
    ...memory(),
    indexMb: index.memoryBytes() / 2 ** 20,
  };
}

function parseSizes(argv: readonly string[]): number[] {
  const sizes = argv.find((a) => a.startsWith("--sizes="))?.slice(8);
  const max = Number(argv.find((a) => a.startsWith("--max="))?.slice(6) ?? Number.POSITIVE_INFINITY);
  const list = sizes ? sizes.split(",").map(Number) : [10_000, 100_000, 1_000_000];
  return list.filter((n) => n <= max).sort((a, b) => a - b);
}

async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const sizes = parseSizes(argv);
  const fresh = 2000;
  const rows: Row[] = [];
  const index = new ClusterIndex();
  let stored = 0;
  let buildMs = 0;
  for (const size of sizes) {
    index.reserve(size + fresh + 1); // + the bare-index probe of the side-by-side timing
    const t0 = performance.now();
    for (; stored < size; stored++) {
      const family = Math.floor(stored / COPIES_PER_FAMILY);
      index.add(`item-${stored}`, `f${family}`, signature(variantText(family, stored % COPIES_PER_FAMILY)));
    }
    buildMs += performance.now() - t0;
    rows.push(measureAt(index, size, buildMs, fresh));
    printRow(rows.at(-1) as Row, rows.length === 1);
  }

  const scores = [1, 2, 3, 4, 5].flatMap((seed) =>
    [1, 7, Number.POSITIVE_INFINITY].map((batchSize) =>
      evaluateClustering(TEST_FAMILIES, assignBatch, { seed, batchSize }),
    ),
  );
  const avg = (f: (s: (typeof scores)[number]) => number) => scores.reduce((a, s) => a + f(s), 0) / scores.length;
  console.log(
    `\nTest families through assignBatch (${TEST_FAMILIES.length} families, ${scores[0]?.items} texts, ` +
      "5 arrival orders × batches of 1/7/all): " +
      `pairwise precision ${avg((s) => s.precision).toFixed(3)} (min ${Math.min(...scores.map((s) => s.precision)).toFixed(3)}), ` +
      `recall ${avg((s) => s.recall).toFixed(3)} (min ${Math.min(...scores.map((s) => s.recall)).toFixed(3)})`,
  );
}

function printRow(r: Row, header: boolean): void {
  if (header) {
    console.log(
      `assignBatch bench — ${COPIES_PER_FAMILY} copies per synthetic family, 2000 fresh items per size, ` +
        `timed one item per call, then in calls of ${BATCH}`,
    );
    console.log(
      `| stored | build s | sign µs | index query+add µs | assign mean µs | ratio | assign p99 µs | batch of ${BATCH} µs/item | batch of ${BATCH} p99 ms | joined own family | false joins | heap MB | typed arrays MB | RSS MB | index MB |`,
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  }
  console.log(
    `| ${r.size.toLocaleString("en")} | ${(r.buildMs / 1000).toFixed(1)} | ${r.signUs.toFixed(0)} | ${r.rawMeanUs.toFixed(1)} | ` +
      `${r.assignMeanUs.toFixed(1)} | ${(r.assignMeanUs / r.rawMeanUs).toFixed(2)} | ` +
      `${r.assignP99Us.toFixed(1)} | ${r.batchItemUs.toFixed(1)} | ${r.batchP99Ms.toFixed(2)} | ${(r.joined * 100).toFixed(1)}% | ${r.wrongJoins} | ${r.heapMb.toFixed(0)} | ` +
      `${r.arrayBuffersMb.toFixed(0)} | ${r.rssMb.toFixed(0)} | ${r.indexMb.toFixed(0)} |`,
  );
}

// Runs on import, like the other benches (`pnpm bench` sets process.argv first);
// a default export as well would run it twice.
await main();
