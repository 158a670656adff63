import { describe, expect, it } from "vitest";
import { normalizeTokens } from "./normalize.ts";

const words = (text: string) => normalizeTokens(text).join(" ");

/** What each rule does, as message text in → normalised words out. */
const RULES: [rule: string, examples: [text: string, words: string][]][] = [
  ["lower-cases and folds compatibility characters (NFKC)", [["𝗩𝗮𝗸𝘀𝗶𝗻 COVID", "vaksin covid"]]],
  [
    "drops links, shortened links and e-mail addresses",
    [
      ["daftar di https://blt-kemensos.blogspot.com/daftar sekarang", "daftar di sekarang"],
      ["daftar di bit.ly/BLT600rb sekarang", "daftar di sekarang"],
      ["kirim ke hrd.pertamina@gmail.com ya", "kirim ke ya"],
    ],
  ],
  ["drops emojis and punctuation", [["⚠️⚠️ Awas!!! penculikan 😱 anak... 🙏", "awas penculikan anak"]]],
  [
    "drops forward headers and chain boilerplate",
    [
      [
        "Diteruskan dari grup sebelah\n*PENTING* Awas penculikan. Sebarkan!! Jangan berhenti di Anda",
        "awas penculikan",
      ],
      ["Forwarded many times: awas penculikan. VIRALKAN", "awas penculikan"],
    ],
  ],
  [
    "expands chat abbreviations, reduplication and stretched letters",
    [
      ["yg sdh divaksin jgn panik", "yang sudah divaksin jangan panik"],
      ["anak2 hati2", "anak anak hati hati"],
      ["tolonggg bangettt", "tolong banget"],
    ],
  ],
  [
    "joins thousands separators and drops phone and account numbers",
    [
      ["Rp 600.000 hubungi 0812-7788-9900", "rp 600000 hubungi"],
      ["WA 081277889900 gempa 8,9 SR", "whatsapp gempa 8 9 sr"],
    ],
  ],
];

describe("normalizeTokens", () => {
  it.each(RULES)("%s", (_rule, examples) => {
    for (const [text, expected] of examples) expect(words(text)).toBe(expected);
  });
});
