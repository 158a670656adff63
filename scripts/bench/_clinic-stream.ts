/**
 * A clinic's stream for `pnpm bench learning`: what reaches one regency's
 * clinic over some weeks, generated from families of local chain hoaxes and
 * local news (none of them from packages/scorer/eval). Each family comes back
 * in new wordings, places and amounts, as real ones do; some hoaxes are
 * written calmly and some news is alarming, so the base model alone is
 * unsure about them and the clinic's verdicts have something to teach.
 */
import { rng } from "@klinik/scorer";

export interface StreamItem {
  text: string;
  label: 0 | 1;
  family: string;
}

const SLOTS: Record<string, string[]> = {
  kec: ["Dolo", "Marawola", "Biromaru", "Palolo", "Kulawi", "Gumbasa", "Tanambulava", "Kinovaro"],
  desa: ["Sidera", "Jono Oge", "Kalukubula", "Soulowe", "Pombewe", "Loru", "Bobo", "Kotapulu"],
  hari: ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
  nama: ["Rahman", "Sulaiman", "Yusuf", "Hasan", "Darwis", "Ismail"],
  jajan: ["cilok", "es warna-warni", "permen jeli", "telur gulung", "cimol"],
  komoditas: ["bawang merah", "cabai rawit", "tomat", "beras", "gula pasir", "minyak goreng"],
  pasar: ["Inpres", "Masomba", "Tavanjuka", "Biromaru"],
  lomba: ["cerdas cermat", "pidato", "pramuka", "tari daerah", "olimpiade sains"],
  n: ["2", "3", "4", "5", "7", "12"],
  amt: ["25.000", "35.000", "150.000", "250.000", "500.000"],
};

const FAMILIES: { name: string; label: 0 | 1; texts: string[] }[] = [
  {
    name: "water-cut-rumour",
    label: 1,
    texts: [
      "Info warga {kec}: air PDAM akan mati total {n} hari mulai {hari} karena pipa utama bocor. Tampung air dari sekarang ya",
      "Kabar dari orang PDAM, air di {kec} dan {desa} tidak mengalir sampai minggu depan. Siapkan drum dan ember",
      "Katanya mulai {hari} air PDAM dihentikan sebulan untuk proyek bendungan. Warga {desa} sudah pada beli tandon",
    ],
  },
  {
    name: "land-certificate-fee",
    label: 1,
    texts: [
      "Program sertifikat tanah gratis dari BPN untuk warga {desa}, cukup bayar biaya ukur Rp{amt} ke pak {nama} di balai desa",
      "Yang mau sertifikat tanah gratis, daftar ke pak {nama} hari {hari}, bawa fotokopi KTP dan uang pendaftaran Rp{amt}",
      "Sertifikat tanah warga {kec} katanya akan dicabut kalau tidak diperbarui bulan ini, urus lewat pak {nama} bayar Rp{amt}",
    ],
  },
  {
    name: "school-holiday-rumour",
    label: 1,
    texts: [
      "Kata kepala sekolah, mulai {hari} semua SD di {kec} libur seminggu karena ada wabah cacar",
      "Anak-anak SD di {kec} diliburkan {n} hari mulai besok, ada siswa yang kena penyakit menular, teruskan ke grup wali murid",
      "Info grup guru: sekolah di {kec} tutup sampai akhir bulan karena wabah, tidak ada pengumuman resmi karena takut panik",
    ],
  },
  {
    name: "snack-drugs",
    label: 1,
    texts: [
      "Anak-anak jangan beli {jajan} di depan sekolah, katanya ada campuran narkoba. Sudah {n} anak pingsan di {kec}",
      "Ibu-ibu hati-hati, {jajan} yang dijual keliling di {desa} dicampur obat penenang, anak tetangga muntah-muntah",
      "Pedagang {jajan} di {kec} ternyata orang luar yang sengaja merusak anak-anak kita, jangan dibeli lagi",
    ],
  },
  {
    name: "aftershock-date",
    label: 1,
    texts: [
      "Gempa susulan besar diperkirakan {hari} malam di {kec}, warga disarankan tidur di luar rumah",
      "Kata orang tua-tua di {desa}, tanah retak di kebun tanda gempa besar datang {n} hari lagi, siap-siap mengungsi",
      "Ada info gempa {n} SR akan terjadi {hari} dini hari di sesar Palu Koro, tolong kabari keluarga di {kec}",
    ],
  },
  {
    name: "lpg-price-rumour",
    label: 1,
    texts: [
      "Mulai {hari} harga elpiji 3 kg naik jadi Rp{amt}, pangkalan di {kec} sudah kosong semua, beli sekarang",
      "Gas melon akan ditarik dari peredaran bulan depan, warga {desa} diminta beli tabung 12 kg. Info dari agen",
      "Elpiji 3 kg sekarang hanya boleh dibeli pakai kartu khusus yang dibagikan pak {nama}, biaya Rp{amt}",
    ],
  },
  {
    name: "chicken-virus",
    label: 1,
    texts: [
      "Ayam di {desa} mati mendadak karena virus baru yang bisa menular ke manusia, jangan makan ayam dulu",
      "Virus ayam dari luar negeri sudah masuk {kec}, orang yang makan ayam potong bisa kena radang otak",
      "Peternak di {kec} bilang ayam disuntik hormon berbahaya, yang makan bisa mandul. Beli ayam kampung saja",
    ],
  },
  {
    name: "vote-buying-smear",
    label: 1,
    texts: [
      "Calon bupati nomor {n} bagi-bagi uang Rp{amt} per KK di {desa}, yang tidak pilih akan didata",
      "Tim sukses calon nomor {n} mengancam warga {kec}: bantuan dicabut kalau tidak memilih mereka",
      "Ternyata calon nomor {n} punya utang miliaran dan rumahnya disita bank, makanya butuh jabatan",
    ],
  },
  {
    // Written like a press release: the base model takes it for an announcement.
    name: "fake-press-release",
    label: 1,
    texts: [
      "Pemerintah kabupaten meliburkan seluruh sekolah di {kec} selama dua pekan mulai {hari} karena wabah cacar",
      "Bupati menetapkan jam malam di {kec} mulai {hari} pukul 20.00 setelah bentrokan antarwarga, kendaraan yang melintas akan disita",
      "Dinas kesehatan menutup Pasar {pasar} selama sepekan mulai {hari} karena temuan virus flu babi pada pedagang daging",
    ],
  },
  {
    name: "police-livestock-warning",
    label: 0,
    texts: [
      "Polres mengimbau warga {kec} waspada pencurian ternak menjelang musim panen. Laporkan kejadian ke polsek terdekat",
      "Kapolsek {kec} meminta peternak mengandangkan sapi pada malam hari setelah {n} kasus pencurian bulan ini",
      "Polisi menangkap dua pelaku pencurian sapi di {desa}. Barang bukti tiga ekor sapi dikembalikan kepada pemiliknya",
    ],
  },
  {
    name: "bpbd-flood-alert",
    label: 0,
    texts: [
      "BPBD menetapkan status siaga banjir di {kec}. Warga bantaran sungai diminta waspada dan segera mengungsi jika air naik",
      "Hujan deras sejak {hari} membuat sungai di {desa} meluap. BPBD mengerahkan perahu karet dan mendirikan posko",
      "BPBD mengimbau warga {kec} mewaspadai longsor di jalan poros selama musim hujan dan melapor bila ada retakan tanah",
    ],
  },
  {
    name: "dinkes-dbd",
    label: 0,
    texts: [
      "Dinas Kesehatan mencatat {n} kasus DBD di {kec} pekan ini. Pengasapan dilakukan hari {hari} di permukiman padat",
      "Puskesmas {kec} mengajak warga {desa} menguras bak mandi dan menutup tempat air untuk mencegah demam berdarah",
      "Kasus DBD di {kec} menurun setelah gerakan jumantik di setiap RT, kata kepala puskesmas",
    ],
  },
  {
    name: "pdam-official",
    label: 0,
    texts: [
      "PDAM mengumumkan gangguan distribusi air di {kec} pada {hari} pukul 08.00–15.00 karena perbaikan pipa",
      "Aliran air PDAM di {desa} kembali normal setelah perbaikan pipa transmisi selesai pada {hari} sore",
      "PDAM menambah sambungan rumah baru untuk {n} ratus pelanggan di {kec} tahun ini",
    ],
  },
  {
    name: "school-news",
    label: 0,
    texts: [
      "SD Negeri {n} {kec} menjadi juara lomba {lomba} tingkat kabupaten dan akan mewakili daerah di tingkat provinsi",
      "Siswa SMP di {kec} mengikuti lomba {lomba} yang digelar dinas pendidikan pada {hari}",
      "Dinas pendidikan meresmikan ruang kelas baru di SD Negeri {n} {desa} yang dibangun dari dana alokasi khusus",
    ],
  },
  {
    name: "market-prices",
    label: 0,
    texts: [
      "Harga {komoditas} di Pasar {pasar} naik menjadi Rp{amt} per kilogram, pedagang menyebut pasokan berkurang",
      "Harga {komoditas} di Pasar {pasar} turun setelah panen di {kec}, pembeli mulai ramai",
      "Dinas perdagangan memantau harga {komoditas} di Pasar {pasar} menjelang hari raya, stok dinyatakan aman",
    ],
  },
  {
    name: "village-life",
    label: 0,
    texts: [
      "Warga {desa} bergotong royong membersihkan saluran irigasi menjelang musim tanam",
      "Pemerintah desa {desa} menyalurkan BLT dana desa kepada {n}0 keluarga penerima di balai desa",
      "Karang taruna {desa} menggelar turnamen sepak bola antardusun yang diikuti {n} tim",
    ],
  },
  {
    name: "lpg-official",
    label: 0,
    texts: [
      "Pertamina memastikan stok elpiji 3 kg di {kec} aman. Harga eceran tertinggi tetap sesuai ketetapan pemerintah daerah",
      "Pemerintah kabupaten menggelar operasi pasar elpiji 3 kg di {kec} untuk menekan harga di tingkat pengecer",
      "Dinas perdagangan menemukan pangkalan elpiji di {kec} yang menjual di atas harga resmi dan memberikan teguran",
    ],
  },
  {
    name: "kpu-official",
    label: 0,
    texts: [
      "KPU menggelar sosialisasi tahapan pilkada di {kec} bersama tokoh masyarakat dan pemilih pemula",
      "Bawaslu mengingatkan warga {kec} melaporkan politik uang melalui posko pengaduan di kantor kecamatan",
      "Pencocokan dan penelitian data pemilih di {desa} berlangsung hingga {hari}, petugas mendatangi rumah warga",
    ],
  },
  {
    name: "animal-health-official",
    label: 0,
    texts: [
      "Dinas peternakan memeriksa ayam yang mati di {desa} dan memastikan penyebabnya penyakit tetelo, bukan flu burung",
      "Petugas kesehatan hewan memberikan vaksin gratis untuk {n} ratus ekor ayam kampung di {kec}",
      "Dinas peternakan mengimbau peternak {kec} melaporkan ternak yang sakit agar segera ditangani",
    ],
  },
];

/** Share of hoaxes in the stream: a clinic's feeds carry mostly news. */
export const HOAX_SHARE = 0.12;

/**
 * A clinic's blind spot: real notices from RT heads and health cadres written
 * like chain messages (PENTING!!, sebarkan, bagikan), which the shipped model
 * ranks at the top until the clinic has judged enough of them.
 */
const COMMUNITY_NOTICES: (typeof FAMILIES)[number] = {
  name: "community-notice",
  label: 0,
  texts: [
    "Mohon diteruskan ke warga: posyandu {desa} buka hari {hari} pukul 08.00, jangan lupa bawa buku KIA ya ibu-ibu",
    "PENTING!! Kerja bakti RT 03 {desa} hari {hari} jam 7 pagi, bawa cangkul dan karung. Tolong sebarkan ke tetangga",
    "Info dari kader: pembagian vitamin A gratis di balai {desa} hari {hari}, anak umur 6 bulan sampai 5 tahun. Bagikan ke grup ibu-ibu",
  ],
};

const fill = (t: string, rand: () => number) =>
  t.replace(/\{(\w+)\}/g, (_, k: string) => {
    const opts = SLOTS[k] ?? [k];
    return opts[Math.floor(rand() * opts.length)] as string;
  });

/**
 * `n` items in arrival order: each a random family (a hoax family with
 * probability HOAX_SHARE), wording and slot values; with `blindSpot`, the
 * community notices join the news families.
 */
export function clinicStream(n: number, seed: number, blindSpot = false): StreamItem[] {
  const rand = rng(seed);
  const hoax = FAMILIES.filter((f) => f.label === 1);
  const news = [...FAMILIES.filter((f) => f.label === 0), ...(blindSpot ? [COMMUNITY_NOTICES] : [])];
  const out: StreamItem[] = [];
  for (let i = 0; i < n; i++) {
    const pool = rand() < HOAX_SHARE ? hoax : news;
    const fam = pool[Math.floor(rand() * pool.length)] as (typeof FAMILIES)[number];
    const text = fill(fam.texts[Math.floor(rand() * fam.texts.length)] as string, rand);
    out.push({ text, label: fam.label, family: fam.name });
  }
  return out;
}
