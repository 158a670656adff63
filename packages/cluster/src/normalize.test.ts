import { describe, expect, it } from "vitest";
import { normalizeTokens } from "./normalize.ts";

const words = (text: string) => normalizeTokens(text).join(" ");

describe("normalizeTokens", () => {
  it("lower-cases and folds compatibility characters (NFKC)", () => {
    expect(words("𝗩𝗮𝗸𝘀𝗶𝗻 COVID")).toBe("vaksin covid");
  });

  it("drops links, shortened links and e-mail addresses", () => {
    expect(words("daftar di https://blt-kemensos.blogspot.com/daftar sekarang")).toBe("daftar di sekarang");
    expect(words("daftar di bit.ly/BLT600rb sekarang")).toBe("daftar di sekarang");
    expect(words("kirim ke hrd.pertamina@gmail.com ya")).toBe("kirim ke ya");
  });

  it("drops emojis and punctuation", () => {
    expect(words("⚠️⚠️ Awas!!! penculikan 😱 anak... 🙏")).toBe("awas penculikan anak");
  });

  it("drops forward headers and chain boilerplate", () => {
    expect(words("Diteruskan dari grup sebelah\n*PENTING* Awas penculikan. Sebarkan!! Jangan berhenti di Anda")).toBe(
      "awas penculikan",
    );
    expect(words("Forwarded many times: awas penculikan. VIRALKAN")).toBe("awas penculikan");
  });

  it("expands chat abbreviations, reduplication and stretched letters", () => {
    expect(words("yg sdh divaksin jgn panik")).toBe("yang sudah divaksin jangan panik");
    expect(words("anak2 hati2")).toBe("anak anak hati hati");
    expect(words("tolonggg bangettt")).toBe("tolong banget");
  });

  it("joins thousands separators and drops phone and account numbers", () => {
    expect(words("Rp 600.000 hubungi 0812-7788-9900")).toBe("rp 600000 hubungi");
    expect(words("WA 081277889900 gempa 8,9 SR")).toBe("whatsapp gempa 8 9 sr");
  });
});
