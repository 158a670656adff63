import { describe, expect, it } from "vitest";
import { normalizeText } from "./normalize.ts";
import { lcg, randomText } from "./test-random.ts";
import { type Token, tokenize } from "./tokenize.ts";

// The regular-expression tokenizer that the hand-written one replaced, kept
// verbatim as the reference: both must give the same tokens on any input.
const SHORT_TLDS =
  "com|id|net|org|info|ly|co|me|io|gl|tk|xyz|site|online|int|gov|link|click|top|biz|news|in|cc|ws|to|us";
const URL_SOURCE = String.raw`(?:https?:\/\/|www\.)[^\s<>"'\u201C\u201D]+|\b(?:[a-z0-9][a-z0-9-]*\.)+(?:${SHORT_TLDS})\b(?:\/[^\s<>"'\u201C\u201D]*)?`;
const TOKEN_RE = new RegExp(
  String.raw`(${URL_SOURCE})|(@[\p{L}\p{N}_]+)|([\p{L}\p{N}]+(?:[-'\u2019.,][\p{L}\p{N}]+)*)`,
  "giu",
);
const NUMBER_ONLY = /^[\p{N}]+(?:[.,'\u2019-][\p{N}]+)*$/u;

function referenceTokenize(text: string): Token[] {
  const out: Token[] = [];
  const pushWord = (raw: string) => {
    if (NUMBER_ONLY.test(raw)) {
      out.push({ kind: "num", raw, norm: "_num_" });
      return;
    }
    for (const p of raw.split(/(?<!\p{N})[.,]|[.,](?!\p{N})/u)) {
      if (p === "") continue;
      if (NUMBER_ONLY.test(p)) out.push({ kind: "num", raw: p, norm: "_num_" });
      else out.push({ kind: "word", raw: p, norm: p.toLowerCase() });
    }
  };
  for (const m of text.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) out.push({ kind: "url", raw: m[1].replace(/[.,;:!?)\]}'"\u2019]+$/u, ""), norm: "_url_" });
    else if (m[2] !== undefined) out.push({ kind: "mention", raw: m[2], norm: "_akun_" });
    else if (m[3] !== undefined) pushWord(m[3]);
  }
  return out;
}

const VARIED = [
  "COVID-19 menewaskan 2.000 orang pada 2020, kata Menkes.",
  "Cek https://www.kemkes.go.id/a?b=1, bit.ly/abc, S.ID/x dan @budi_99.",
  "HTTPS://WWW.DETIK.COM/berita) (lihat kompas.com.) www.x.y!!",
  "http:// kosong, http://, www. dan https://a",
  "kata.Lalu a,b 1.5,2 1,5 3.000.000 Rp.2.000 Rp2.000,00 -5 5- 'kutip' jum’at O'Neil",
  "contoh.comment a.co.id.foo sub.domain.co.id/path?q=1#frag kompas.com/x\u201Cy\u201D",
  "_kompas.com x_y.com @ @@ a@b.com email@kompas.com",
  "VIRALKAN!!! SEBARKAN ke 10 GRUP 😀🔥🙏 sekarang",
  "ber\u200Bbahaya \u00A0 zero\uFEFFwidth \u200D",
  "Ünïcödé ÇAPITALS İstanbul ﬁnal ß ẞ",
  "𝐀𝐁𝐂 𝟏𝟐𝟑 𝟏.𝟐 𝟏,a a.𝟏 😀a 中文字 한국어 ꦧꦱꦗꦮ ꦲꦏ꧀ꦱꦫ",
  "Ilmuwan: 95% efektif; 1/2 dosis; 24/7; 3-4 hari; 2x lipat; ke-2; anak-anak",
  "ſ.com K.id ſtraße http\u017F://x",
  "\uD83D lone \uDE00 surrogates\uD83D",
  "",
  "   ",
  ".,;:!?",
];

describe("hand-written tokenizer", () => {
  it("gives the same tokens as the former regular expression on varied inputs", () => {
    for (const text of VARIED) {
      expect(tokenize(text), text).toEqual(referenceTokenize(text));
      const norm = normalizeText(text);
      expect(tokenize(norm), norm).toEqual(referenceTokenize(norm));
    }
  });

  it("gives the same tokens as the former regular expression on random strings of tricky pieces", () => {
    const pieces = [
      "a",
      "B",
      "z",
      "é",
      "Ä",
      "1",
      "9",
      "٣",
      "𝟗",
      "😀",
      "𝐀",
      "中",
      ".",
      ",",
      "-",
      "'",
      "’",
      "@",
      "_",
      "/",
      ":",
      " ",
      "\n",
      "\t",
      "<",
      ">",
      '"',
      "“",
      "!",
      "?",
      ")",
      "ſ",
      "K",
      "\u200B",
      "\u00A0",
      "\uD83D",
      "\uDE00",
      "www.",
      "http://",
      "HTTPS://",
      "bit.ly",
      "s.id",
      "kompas.com",
      ".com",
      ".co.id",
      "co",
      "com",
      "id",
      "x.y",
      "2.000",
      "COVID-19",
      "1,5",
      "@a_b",
    ];
    const rand = lcg(12345);
    for (let n = 0; n < 20_000; n++) {
      const text = randomText(rand, pieces, 1, 12);
      expect(tokenize(text), JSON.stringify(text)).toEqual(referenceTokenize(text));
    }
  });

  it("keeps lowercase words as they are and lowercases the rest", () => {
    expect(tokenize("vaksin VAKSIN Vaksin")).toEqual([
      { kind: "word", raw: "vaksin", norm: "vaksin" },
      { kind: "word", raw: "VAKSIN", norm: "vaksin" },
      { kind: "word", raw: "Vaksin", norm: "vaksin" },
    ]);
  });
});
