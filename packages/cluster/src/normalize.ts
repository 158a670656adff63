import { normalizeForHash } from "@klinik/core";

// Links and addresses change with every forward (bit.ly, s.id, a new form),
// so they carry no identity; dropping them makes "shortened link" a no-op.
const URL_RE = /(?:https?:\/\/|www\.)\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\/\S*/g;
const BARE_DOMAIN_RE =
  /\b(?:[a-z0-9-]+\.)+(?:com|id|ly|net|org|co|info|xyz|site|online|me|link|io|gl|cc|top|club|app|web)\b/g;
const EMAIL_RE = /\S+@\S+\.\S+/g;
const THOUSANDS_RE = /(\d)[.,](?=\d{3}\b)/g;
const DIGIT_DASH_RE = /(\d)-(?=\d)/g;
const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;
const ELONGATION_RE = /(\p{L})\1{2,}/gu;

// Forward headers and chain-letter exhortations, matched after punctuation is
// gone. They appear on some copies of a message and not others.
const BOILERPLATE_PHRASES: readonly string[] = [
  "forwarded many times",
  "forwarded as received",
  "diteruskan berkali kali",
  "dari grup sebelah",
  "dari group sebelah",
  "dari wag sebelah",
  "grup sebelah",
  "copy paste",
  "jangan berhenti di anda",
  "jangan berhenti di kamu",
  "jangan berhenti di sini",
  "jangan putus di anda",
  "ke semua grup",
  "ke grup lain",
  "ke semua kontak",
  "ke keluarga dan teman",
  "ke keluarga dan kerabat",
  "info a1",
  "info valid",
  "mohon disebarkan",
  "tolong disebarkan",
  "tolong sebarkan",
  "mohon sebarkan",
  "breaking news",
];

const BOILERPLATE_WORDS = new Set([
  "forwarded",
  "diteruskan",
  "copas",
  "sebarkan",
  "sebarkanlah",
  "sebarluaskan",
  "disebarkan",
  "viralkan",
  "viral",
  "share",
  "bagikan",
  "penting",
  "fyi",
  "urgent",
  "repost",
  "fwd",
]);

// Common chat abbreviations, so "yg" and "yang" shingle alike.
const SLANG: Readonly<Record<string, string>> = {
  yg: "yang",
  dgn: "dengan",
  dg: "dengan",
  utk: "untuk",
  untk: "untuk",
  tdk: "tidak",
  tak: "tidak",
  gak: "tidak",
  ga: "tidak",
  gk: "tidak",
  nggak: "tidak",
  ngga: "tidak",
  enggak: "tidak",
  sdh: "sudah",
  udh: "sudah",
  udah: "sudah",
  blm: "belum",
  krn: "karena",
  karna: "karena",
  jg: "juga",
  aja: "saja",
  org: "orang",
  skrg: "sekarang",
  skrng: "sekarang",
  bpk: "bapak",
  pak: "bapak",
  bu: "ibu",
  hr: "hari",
  sy: "saya",
  kmrn: "kemarin",
  tsb: "tersebut",
  sm: "sama",
  bs: "bisa",
  hrs: "harus",
  pd: "pada",
  dlm: "dalam",
  thd: "terhadap",
  msh: "masih",
  klo: "kalau",
  kalo: "kalau",
  jgn: "jangan",
  dpt: "dapat",
  sj: "saja",
  spt: "seperti",
  tp: "tapi",
  tpi: "tapi",
  trs: "terus",
  bgt: "banget",
  sblm: "sebelum",
  stlh: "setelah",
  bln: "bulan",
  thn: "tahun",
  kpd: "kepada",
  lg: "lagi",
  sbg: "sebagai",
  sampe: "sampai",
  smp: "sampai",
  gimana: "bagaimana",
  gmn: "bagaimana",
  bnyk: "banyak",
  byk: "banyak",
  sgt: "sangat",
  sll: "selalu",
  bgmn: "bagaimana",
  rb: "ribu",
  jt: "juta",
  hp: "handphone",
  wa: "whatsapp",
  wassap: "whatsapp",
  sodara: "saudara",
  temen: "teman",
  kluarga: "keluarga",
};

const PHRASE_RE = new RegExp(`\\b(?:${BOILERPLATE_PHRASES.join("|")})\\b`, "g");

/**
 * Normalises a chat message to content tokens: NFKC, lower case, links,
 * e-mail addresses, emojis, punctuation, forward headers and chain boilerplate
 * removed, chat abbreviations expanded, digit runs of nine or more (phone and
 * account numbers) dropped.
 */
export function normalizeTokens(text: string): string[] {
  let flat = normalizeForHash(text);
  // The guards skip regexes that cannot match; they dominate signing time.
  if (flat.includes("/") || flat.includes("www.")) flat = flat.replace(URL_RE, " ");
  if (flat.includes("@")) flat = flat.replace(EMAIL_RE, " ");
  if (flat.includes(".")) flat = flat.replace(BARE_DOMAIN_RE, " ");
  flat = flat.replace(THOUSANDS_RE, "$1").replace(DIGIT_DASH_RE, "$1").replace(NON_WORD_RE, " ");
  if (hasTriple(flat)) flat = flat.replace(ELONGATION_RE, "$1");
  flat = flat.replace(PHRASE_RE, " ");
  const tokens: string[] = [];
  for (const raw of flat.split(" ")) {
    if (raw === "" || BOILERPLATE_WORDS.has(raw)) continue;
    if (raw.length >= 9 && isDigits(raw)) continue;
    // "hati2", "anak2": Indonesian reduplication written with a 2.
    if (raw.length >= 3 && raw.endsWith("2") && !isDigits(raw.slice(0, -1))) {
      const stem = SLANG[raw.slice(0, -1)] ?? raw.slice(0, -1);
      tokens.push(stem, stem);
      continue;
    }
    tokens.push(SLANG[raw] ?? raw);
  }
  return tokens;
}

function hasTriple(s: string): boolean {
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i - 1) && c === s.charCodeAt(i - 2) && c > 0x40) return true;
  }
  return false;
}

function isDigits(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
