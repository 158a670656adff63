import { describe, expect, it } from "vitest";
import { MAX_TEXT_CHARS, normalizeText, prepareText, stripHtml } from "./normalize.ts";
import { stemWord } from "./stem.ts";
import { lcg, randomText } from "./test-random.ts";
import { tokenize } from "./tokenize.ts";
import { urlHost } from "./url-scanner.ts";

describe("normalisation", () => {
  it("applies NFKC, removes zero-width characters and collapses spaces", () => {
    expect(normalizeText("ｖａｋｓｉｎ\u200B  ber\u200Dbahaya\uFEFF")).toBe("vaksin berbahaya");
  });

  it("collapses whitespace exactly as the former chain of regular expressions did", () => {
    const reference = (s: string) =>
      s
        .normalize("NFKC")
        .replace(/[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g, "")
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, " ")
        .replace(/[ \t\u00A0\u2000-\u200A\u3000]+/g, " ")
        .replace(/\s*\n\s*/g, "\n")
        .trim();
    const pieces = [" ", "  ", "\t", "\n", "\r", "\r\n", "\u00A0", "\u2003", "\u3000", "\u200B", "\u0007", "\u000B"];
    pieces.push("\u2028", "\u202F", "\uFEFF", "\u00AD", "a", "B", "é", ".", "ｖ", "😀", "\uD83D");
    const rand = lcg(3);
    for (let n = 0; n < 20_000; n++) {
      const text = randomText(rand, pieces, 0, 15);
      expect(normalizeText(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it("keeps capitals, since they are a signal", () => {
    expect(normalizeText("AWAS Hoaks")).toBe("AWAS Hoaks");
  });

  it("strips HTML tags, scripts and entities", () => {
    const t = stripHtml('<p>Obat <b>ampuh</b> &amp; murah</p><script>alert("x")</script>&#39;ok&#x21;');
    expect(normalizeText(t)).toBe("Obat ampuh & murah\n'ok!");
  });

  it("truncates to MAX_TEXT_CHARS without splitting a surrogate pair", () => {
    const long = `${"a".repeat(MAX_TEXT_CHARS - 1)}😀😀`;
    const out = prepareText(long);
    expect(out.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(out.endsWith("a")).toBe(true);
  });

  it("joins title and text", () => {
    expect(prepareText("isi", "Judul")).toBe("Judul\nisi");
  });
});

describe("tokenisation", () => {
  const norms = (s: string) => tokenize(s).map((t) => t.norm);

  it("lowercases but keeps the raw capitals", () => {
    const [t] = tokenize("VIRALKAN");
    expect(t).toEqual({ kind: "word", raw: "VIRALKAN", norm: "viralkan" });
  });

  it("keeps COVID-19 as one token and replaces plain numbers", () => {
    expect(norms("COVID-19 menewaskan 2.000 orang pada 2020")).toEqual([
      "covid-19",
      "menewaskan",
      "_num_",
      "orang",
      "pada",
      "_num_",
    ]);
  });

  it("replaces URLs with and without scheme, and mentions", () => {
    const toks = tokenize("cek https://www.kemkes.go.id/a?b=1, bit.ly/abc dan @budi.");
    expect(toks.map((t) => t.norm)).toEqual(["cek", "_url_", "_url_", "dan", "_akun_"]);
    expect(toks.filter((t) => t.kind === "url").map((t) => urlHost(t.raw))).toEqual(["kemkes.go.id", "bit.ly"]);
  });

  it("splits words glued by a full stop", () => {
    expect(norms("kata.Lalu")).toEqual(["kata", "lalu"]);
  });

  it("returns nothing for emoji-only text", () => {
    expect(tokenize("😀🔥🙏")).toEqual([]);
  });
});

describe("stemming", () => {
  it("stems Indonesian affixes with natural's StemmerId", () => {
    expect(stemWord("menyebarkan")).toBe("sebar");
    expect(stemWord("berbahaya")).toBe("bahaya");
    expect(stemWord("anak-anak")).toBe("anak");
  });

  it("leaves short words and words with digits alone", () => {
    expect(stemWord("di")).toBe("di");
    expect(stemWord("covid-19")).toBe("covid-19");
  });
});
