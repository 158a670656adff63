import { createRequire } from "node:module";
import { normalizeTokens } from "@klinik/cluster";

// natural's top-level entry loads every submodule (~4 s, see @klinik/scorer's natural.ts);
// the Indonesian stemmer and stopwords are required directly: 22 ms to load, 27 µs a word
// uncached (measured with node on this machine), hence the memo below.
const require = createRequire(import.meta.url);
interface Stemmer {
  stem(word: string): string;
}
let stemmer: Stemmer | undefined;
let stopwords: ReadonlySet<string> | undefined;

// Where Sastrawi's dictionary stems a word differently from its siblings
// ("penculikan" → "culi" but "diculik" → "culik"), or not at all ("vaksinasi").
const STEM_FIXES: Readonly<Record<string, string>> = {
  penculikan: "culik",
  vaksinasi: "vaksin",
  imunisasi: "imunisasi",
  berita: "berita",
  pemerintah: "perintah",
};

// Spellings and words a retelling uses for the same thing, mapped to one term.
// Beyond the chat abbreviations @klinik/cluster already expands (yg, gak, wa…).
const SYNONYMS: Readonly<Record<string, string>> = {
  whatsap: "whatsapp",
  watsap: "whatsapp",
  wasap: "whatsapp",
  wa: "whatsapp",
  ambulan: "ambulans",
  ambulance: "ambulans",
  ambulanse: "ambulans",
  polisi: "polisi",
  pulisi: "polisi",
  vaksen: "vaksin",
  vaccine: "vaksin",
  chip: "chip",
  cip: "chip",
  microchip: "chip",
  mikrocip: "chip",
  mikrochip: "chip",
  cipnya: "chip",
  chipnya: "chip",
  duit: "uang",
  doku: "uang",
  fulus: "uang",
  rp: "rupiah",
  hp: "handphone",
  ponsel: "handphone",
  cepu: "handphone",
  gempa: "gempa",
  lindu: "gempa",
  bocah: "anak",
  bocil: "anak",
  anakanak: "anak",
  murid: "siswa",
  pelajar: "siswa",
  bansos: "bantu",
  blt: "bantu",
  lowker: "lowong",
  loker: "lowong",
  medsos: "media sosial",
  corona: "covid",
  korona: "covid",
  hoaks: "hoaks",
  hoax: "hoaks",
  hoak: "hoaks",
};

function stemmerId(): Stemmer {
  stemmer ??= require("natural/lib/natural/stemmers/indonesian/stemmer_id.js") as Stemmer;
  return stemmer;
}

function stopwordSet(): ReadonlySet<string> {
  stopwords ??= new Set((require("natural/lib/natural/util/stopwords_id.js") as { words: string[] }).words);
  return stopwords;
}

const MAX_MEMO = 100_000;
const memo = new Map<string, string>();

/** One lowercased word to its search term: synonyms first, then the Indonesian stem (memoised). */
export function stemTerm(word: string): string {
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  let term = SYNONYMS[word] ?? STEM_FIXES[word] ?? word;
  if (term === word && word.length >= 5 && !/\p{N}/u.test(word)) {
    try {
      term = stemmerId().stem(word) || word;
    } catch {
      term = word;
    }
    term = STEM_FIXES[term] ?? SYNONYMS[term] ?? term;
  }
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(word, term);
  return term;
}

/** Loads the stemmer and stopwords now, so the first search does not pay for it. */
export function warmTerms(): void {
  stopwordSet();
  stemmerId();
}

/**
 * A text's search terms, in order, repeats kept: @klinik/cluster's normalisation
 * (links, emojis, forward boilerplate and chat spellings handled), Indonesian
 * stopwords dropped, each word stemmed. Only letters and digits remain, so the
 * terms are safe to put in an FTS5 or tsquery expression as they are.
 */
export function searchTerms(text: string): string[] {
  const stops = stopwordSet();
  const out: string[] = [];
  for (const token of normalizeTokens(text)) {
    if (token.length < 2 || token.length > 40 || stops.has(token)) continue;
    for (const t of stemTerm(token).split(" ")) if (!stops.has(t)) out.push(t);
  }
  return out;
}

/** Distinct terms of a query, first occurrence order, at most `max`. */
export function queryTerms(text: string, max = 32): string[] {
  return [...new Set(searchTerms(text))].slice(0, max);
}

/**
 * A query as substring groups for a scan without an index (the analysts' queue):
 * each content word with its stem as a second spelling ("penculikan" → culik, which
 * "diculik" contains too), chat spellings expanded, stopwords dropped, at most `max`.
 * Empty when the query has no content word.
 */
export function substringGroups(text: string, max = 8): string[][] {
  const stops = stopwordSet();
  const groups = new Map<string, string[]>();
  for (const token of normalizeTokens(text)) {
    if (token.length < 2 || token.length > 40 || stops.has(token) || groups.has(token)) continue;
    const stem = stemTerm(token);
    groups.set(token, stem !== token && stem.length >= 3 && !stem.includes(" ") ? [token, stem] : [token]);
    if (groups.size >= max) break;
  }
  return [...groups.values()];
}
