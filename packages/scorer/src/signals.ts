import { capsRatio } from "./caps-ratio.ts";
import { type TokenSpans, URL } from "./tokenize.ts";
import { urlHost } from "./url-scanner.ts";

/**
 * Cross-topic signals: hand-written detectors whose weights are learned with
 * the rest of the model. They carry over to topics the corpora never saw.
 */
export const SIGNALS = {
  chain_message: "ajakan menyebarkan pesan",
  urgency: "kata desakan (segera, darurat)",
  fear: "kata menakut-nakuti (awas, bahaya, mematikan)",
  caps_ratio: "banyak HURUF KAPITAL",
  exclamation: "tanda seru beruntun (!!!)",
  shortened_link: "tautan pemendek (bit.ly, s.id, ...)",
  lookalike_domain: "domain mirip situs resmi",
  credential_request: "meminta OTP/PIN/kata sandi",
  money_request: "meminta transfer atau data rekening",
  insider_info: "mengaku info dari orang dalam",
  authority_no_link: "menyebut lembaga resmi, tanpa tautan",
  authority_with_link: "menyebut lembaga resmi, dengan tautan",
  health_claim: "klaim kesehatan",
  health_claim_no_source: "klaim kesehatan tanpa sumber",
  has_link: "menyertakan tautan",
  news_dateline: "format berita (kota, tanggal, kantor berita)",
  clickbait: "judul umpan klik (ternyata, terbongkar, heboh)",
  debunk: "menyebut hoaks atau klarifikasi (bantahan)",
} as const;

export type SignalName = keyof typeof SIGNALS;
export const SIGNAL_NAMES = Object.keys(SIGNALS) as SignalName[];
const SIGNAL_INDEX = Object.fromEntries(SIGNAL_NAMES.map((n, i) => [n, i])) as Record<SignalName, number>;

const CHAIN =
  /\b(?:sebar(?:kan|luaskan)|disebar(?:kan|luaskan)|diteruskan|sebelum dihapus|viral(?:kan)?|teruskan|terusin|bagikan|share|forward|broadcast|copas|copy ?paste|kirim(?:kan)? ke (?:\d+|semua|teman)|jangan berhenti di (?:kamu|anda)|sampaikan ke|beritahu(?:kan)? (?:ke )?(?:keluarga|teman))\b/g;
const URGENCY =
  /\b(?:segera|darurat|penting|mendesak|secepatnya|sekarang juga|hari ini juga|sebelum terlambat|jangan sampai|batas waktu|terakhir|urgent)\b/g;
const FEAR =
  /\b(?:awas|waspada(?:lah)?|hati-hati|bahaya|berbahaya|mematikan|mengerikan|ngeri|meninggal|tewas|kematian|racun|beracun|kanker|teror|ancaman|kiamat|azab|korban)\b/g;
const CREDENTIAL = /\b(?:otp|pin|kode verifikasi|kode rahasia|password|kata sandi|cvv|nomor kartu)\b/g;
const MONEY =
  /\b(?:transfer|rekening|no\.? ?rek|biaya admin|pulsa|hadiah|undian|pemenang|selamat anda|klaim hadiah|top ?up|saldo|biaya (?:pendaftaran|administrasi|admin|seragam|penanganan|verifikasi|operasi)|dana administrasi|uang muka|deposit|pinjam uang|kirim uang)\b/g;
const INSIDER =
  /\b(?:orang dalam|info a1|sumber terpercaya|bocoran|dirahasiakan|rahasia|grup sebelah|dari grup|katanya|info valid|sumber internal|teman saya yang bekerja|saudara saya (?:yang )?(?:bekerja|dokter|polisi))\b/g;
const AUTHORITY =
  /\b(?:who|kemenkes|kementerian kesehatan|kemkes|menkes|polri|polisi|kapolri|polda|bin|tni|idi|ikatan dokter|bpom|mui|kominfo|bmkg|pemerintah|presiden|istana|dinkes|unicef|cdc|bnpb|kemendikbud|nasa)\b/g;
const HEALTH =
  /\b(?:obat|menyembuhkan|sembuh|kanker|vaksin|virus|covid(?:-19)?|corona|herbal|diabetes|jantung|stroke|tumor|penyakit|khasiat|imunitas|kesehatan|ramuan|jamu|infeksi|dokter)\b/g;
const CLAIM =
  /\b(?:menyembuhkan|ampuh|mujarab|manjur|terbukti|dijamin|100 ?%|ajaib|langsung sembuh|membunuh|mencegah|menangkal|tanpa efek samping|rahasia)\b/g;
const CLICKBAIT = /\b(?:ternyata|terbongkar|heboh|gempar|mengejutkan|viral|fakta mengejutkan|inilah|wow|astaga)\b/g;
/** Texts that report a hoax to deny it (clarifications, fact checks); "bukan hoaks" (NOT_HOAX) is a chain message about itself. */
const DEBUNK =
  /\b(?:hoaks|hoax|tidak benar|klarifikasi|cek fakta|faktanya|disinformasi|misinformasi|keliru|membantah|dibantah|meluruskan|bukan informasi resmi|informasi palsu|kabar bohong|berita bohong)\b/g;
const NOT_HOAX = /\bbukan (?:hoaks|hoax)\b/g;
const EXCLAMATION = /!{2,}|!(?:\s*1)+/g;
const DATELINE =
  /^(?:[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?,? ?(?:\([^)]{0,40}\))? ?[-\u2013\u2014,] ?|[A-Z][A-Za-z]+, ?\d{1,2} )|\b(?:antaranews|kompas\.com|detik(?:com|\.com)?|tempo\.co|liputan6|cnnindonesia|republika|okezone|tribunnews)\b/u;

const SHORTENERS = new Set([
  "bit.ly",
  "s.id",
  "tinyurl.com",
  "goo.gl",
  "ow.ly",
  "t.co",
  "is.gd",
  "cutt.ly",
  "rb.gy",
  "shorturl.at",
  "t.ly",
  "v.ht",
  "bitly.com",
  "buff.ly",
  "lnkd.in",
  "tiny.cc",
  "adf.ly",
  "shorte.st",
  "linktr.ee",
  "wa.me",
  "d-id.tk",
  "bit.do",
  "ln.is",
  "dlvr.it",
  "fb.me",
  "trib.al",
  "po.st",
  "ift.tt",
  "youtu.be",
]);

/**
 * Registrable names often imitated, each written "brand official-domain…". Order
 * matters: in `lookalike` the first brand a host is official for or imitates decides.
 */
const BRAND_LIST = [
  "kemenkes kemkes.go.id kemenkes.go.id",
  "kemkes kemkes.go.id",
  "who who.int",
  "bri bri.co.id",
  "bca bca.co.id klikbca.com",
  "mandiri bankmandiri.co.id",
  "bni bni.co.id",
  "bpjs bpjs-kesehatan.go.id bpjsketenagakerjaan.go.id",
  "pertamina pertamina.com",
  "tokopedia tokopedia.com",
  "shopee shopee.co.id",
  "whatsapp whatsapp.com",
  "facebook facebook.com",
  "google google.com google.co.id",
  "kominfo kominfo.go.id",
  "polri polri.go.id",
  "detik detik.com",
  "kompas kompas.com kompas.id",
  "dana dana.id",
  "gojek gojek.com",
].map((row) => {
  const [brand = "", ...domains] = row.split(" ");
  return [brand, domains] as const;
});

/** The phrase lists that are counted in the lowercased text, each a `\b(?:…)\b` regular expression. */
const COUNTED = [
  CHAIN,
  URGENCY,
  FEAR,
  CREDENTIAL,
  MONEY,
  INSIDER,
  AUTHORITY,
  HEALTH,
  CLAIM,
  CLICKBAIT,
  DEBUNK,
] as const;

/**
 * All counted lists in one pass. One union regex finds every position where
 * some list matches; only there are the lists tried, each as a sticky regex,
 * and a list's next match may not start before its previous one ended. This
 * counts exactly what `COUNTED[k].exec` in a loop counts (non-overlapping,
 * leftmost first), with one scan of the text instead of ten.
 */
const ALTERNATIVES = COUNTED.map((re) => topLevelAlternatives(re.source.slice(5, -3))); // inside \b(?:…)\b
const STICKY = COUNTED.map((re) => new RegExp(re.source, "y"));
/** Bit k set for the first characters of list k's phrases: only those lists are tried at a position. */
const FIRST_CHAR = new Uint16Array(128);
ALTERNATIVES.forEach((alts, k) => {
  for (const a of alts) FIRST_CHAR[a.charCodeAt(0)] = (FIRST_CHAR[a.charCodeAt(0)] as number) | (1 << k);
});
// The union grouped by first character (`a(?:was|zab)|b(?:…)`), so the scan rejects most positions at once.
const byFirst = new Map<string, string[]>();
for (const a of ALTERNATIVES.flat()) byFirst.set(a.charAt(0), [...(byFirst.get(a.charAt(0)) ?? []), a.slice(1)]);
const UNION = new RegExp(
  String.raw`\b(?:${[...byFirst].map(([first, rests]) => `${first}(?:${rests.join("|")})`).join("|")})\b`,
  "g",
);

/** Splits a regex source at its top-level `|`; every phrase list here starts each alternative with a plain character. */
function topLevelAlternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  for (const a of out)
    if (!/^[a-z0-9]/.test(a)) throw new Error(`signal phrase must start with a letter or digit: ${a}`);
  return out;
}

function countAll(lower: string): Uint32Array {
  const counts = new Uint32Array(COUNTED.length);
  const nextFree = new Int32Array(COUNTED.length);
  UNION.lastIndex = 0;
  for (let m = UNION.exec(lower); m !== null; m = UNION.exec(lower)) {
    const at = m.index;
    const lists = FIRST_CHAR[lower.charCodeAt(at)] as number;
    for (let k = 0; k < STICKY.length; k++) {
      if (!(lists & (1 << k)) || at < (nextFree[k] as number)) continue;
      const re = STICKY[k] as RegExp;
      re.lastIndex = at;
      if (re.test(lower)) {
        counts[k] = (counts[k] as number) + 1;
        nextFree[k] = re.lastIndex;
      }
    }
    UNION.lastIndex = at + 1;
  }
  return counts;
}

function countMatches(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s) !== null) n++;
  return n;
}

/** Saturating count: 1 hit → 0.5, 2 → 0.75, 3+ → ~1. */
function sat(n: number): number {
  return n === 0 ? 0 : 1 - 0.5 ** Math.min(n, 6);
}

const LOOKALIKE_CACHE_MAX = 10_000;
const lookalikeCache = new Map<string, boolean>();

/**
 * True when a host imitates an official domain without being one of its hosts.
 * Answers are memoised per host (a feed's items mostly share a few hosts);
 * only host names of DNS length are kept, at most 10,000 of them.
 */
export function isLookalikeDomain(host: string): boolean {
  const known = lookalikeCache.get(host);
  if (known !== undefined) return known;
  const answer = lookalike(host);
  if (host.length <= 253) {
    if (lookalikeCache.size >= LOOKALIKE_CACHE_MAX) lookalikeCache.clear();
    lookalikeCache.set(host, answer);
  }
  return answer;
}

function lookalike(host: string): boolean {
  if (host === "" || SHORTENERS.has(host)) return false;
  if (host.startsWith("xn--") || host.includes(".xn--")) return true;
  if (/(?:^|[.-])(?:go|gov|co)-id\b/.test(host) || /\.go\.id\.[a-z]+$/.test(host)) return true;
  const labels = host.split(".");
  const undigits = labels.map((l) => l.replace(/0/g, "o").replace(/1/g, "l").replace(/3/g, "e").replace(/5/g, "s"));
  const official = (o: string) => host === o || host.endsWith(`.${o}`);
  for (const [brand, domains] of BRAND_LIST) {
    if (domains.some(official)) return false;
    // brand inside a label with extras ("kemenkes-info", "bri-promo") or with digit swaps ("g00gle").
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i] as string;
      const undigit = undigits[i] as string;
      if ((l !== brand && l.includes(brand) && brand.length >= 4) || (undigit !== l && undigit.includes(brand)))
        return true;
    }
  }
  return false;
}

/**
 * Computes every signal in {@link SIGNALS} for one normalised text (case
 * kept). Values are in 0..1. `extraUrl` is the item's own address, if any.
 */
export function extractSignals(text: string, tokens: TokenSpans, extraUrl?: string | null): Float64Array {
  const v = new Float64Array(SIGNAL_NAMES.length);
  const set = (name: SignalName, value: number) => {
    v[SIGNAL_INDEX[name]] = value;
  };
  const hosts: string[] = [];
  for (let i = 0; i < tokens.count; i++)
    if (tokens.kind[i] === URL) hosts.push(urlHost(text.slice(tokens.start[i], tokens.end[i])));
  if (extraUrl) hosts.push(urlHost(extraUrl));
  const hasLink = hosts.length > 0;
  const lower = text.toLowerCase();
  const [chain, urgency, fear, credential, money, insider, authority, health, claim, clickbait, debunk] = countAll(
    lower,
  ) as unknown as number[];

  set("chain_message", sat(chain ?? 0));
  set("urgency", sat(urgency ?? 0));
  set("fear", sat(fear ?? 0));
  set("caps_ratio", capsRatio(text, tokens));
  // Most texts have no `!` at all: a plain search answers for them.
  set("exclamation", text.includes("!") ? sat(countMatches(EXCLAMATION, text)) : 0);
  set("shortened_link", hosts.some((h) => SHORTENERS.has(h)) ? 1 : 0);
  set("lookalike_domain", hosts.some(isLookalikeDomain) ? 1 : 0);
  set("credential_request", sat(credential ?? 0));
  set("money_request", sat(money ?? 0));
  set("insider_info", sat(insider ?? 0));
  const hasAuthority = (authority ?? 0) > 0;
  set("authority_no_link", hasAuthority && !hasLink ? 1 : 0);
  set("authority_with_link", hasAuthority && hasLink ? 1 : 0);
  const healthClaim = (health ?? 0) > 0 && (claim ?? 0) > 0;
  set("health_claim", healthClaim ? 1 : 0);
  set("health_claim_no_source", healthClaim && !hasLink ? 1 : 0);
  set("has_link", hasLink ? 1 : 0);
  set("news_dateline", DATELINE.test(text) ? 1 : 0);
  set("clickbait", sat(clickbait ?? 0));
  const denials = (debunk ?? 0) > 0 ? Math.max(0, (debunk ?? 0) - countMatches(NOT_HOAX, lower)) : 0;
  set("debunk", sat(denials));
  return v;
}
