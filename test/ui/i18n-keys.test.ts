import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PAUSED_TEXT, pausedAfterFailuresText, pausedByText } from "@klinik/core";
import { ERROR_CODES } from "@klinik/feeds";
import { describe, expect, it } from "vitest";
import { FETCHED_KINDS } from "../../services/api/src/services/inputs.ts";
import { INVALID_REASONS } from "../../services/api/src/services/result.ts";
import { invalidText } from "../../services/api/src/ui/failure.ts";
import { translator } from "../../services/api/src/ui/i18n.ts";
import { en } from "../../services/api/src/ui/i18n-en.ts";
import { id } from "../../services/api/src/ui/i18n-id.ts";
import { pauseReasonText, SOURCE_KIND_KEY } from "../../services/api/src/ui/pages/sources.page.tsx";

const UI = join(import.meta.dirname, "../../services/api/src/ui");

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith(".tsx") ? [join(dir, e.name)] : [],
  );
}

describe("UI dictionaries", () => {
  it("have the same keys in Indonesian and English, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const [lang, dict] of Object.entries({ id, en }))
      for (const [k, v] of Object.entries(dict)) expect(v.trim(), `${lang}.${k}`).not.toBe("");
  });

  it("hold a message for every documented feed error code", () => {
    for (const code of ERROR_CODES) {
      expect(id, code).toHaveProperty(`feedError_${code}`);
      expect(en, code).toHaveProperty(`feedError_${code}`);
    }
  });

  it("say every reason an input is refused for in both languages, never the API's message", () => {
    const say = { id: translator("id"), en: translator("en") };
    for (const reason of INVALID_REASONS) {
      const f = { code: "invalid_request" as const, message: "api: English message", reason, limit: 300 };
      const words = { id: invalidText(say.id, f), en: invalidText(say.en, f) };
      for (const [lang, text] of Object.entries(words)) {
        expect(text, `${lang} ${reason}`).not.toContain("English message");
        expect(text, `${lang} ${reason}`).not.toMatch(/undefined|\{\w+\}/);
        expect(text.length, `${lang} ${reason}`).toBeGreaterThan(`${say.en("invalidInput")}: `.length + 3);
      }
      expect(words.id, reason).not.toBe(words.en);
    }
    expect(invalidText(say.id, { code: "invalid_request", message: "m", reason: "too_long", limit: 50_000 })).toBe(
      "Isian tidak valid: Terlalu panjang: paling banyak 50.000 karakter.",
    );
  });

  it('have every key the UI sources ask for with t("…")', () => {
    const files = tsxFiles(UI);
    expect(files.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const f of files)
      for (const m of readFileSync(f, "utf8").matchAll(/\bt\(\s*["']([^"']+)["']\s*\)/g))
        if (!(m[1] && Object.hasOwn(id, m[1]) && Object.hasOwn(en, m[1]))) missing.push(`${f}: ${m[1]}`);
    expect(missing).toEqual([]);
  });

  it("name every source kind and every pause reason the system writes in both languages", () => {
    const tr = (dict: Record<string, string>) => (k: string) => dict[k] ?? `missing:${k}`;
    for (const kind of FETCHED_KINDS) {
      const key = SOURCE_KIND_KEY[kind];
      expect(id, kind).toHaveProperty(key);
      expect(en, kind).toHaveProperty(key);
    }
    expect(en[SOURCE_KIND_KEY.telegram]).toBe("Telegram (public channel)");
    const say = (stored: string, dict: Record<string, string>) => pauseReasonText(stored, tr(dict) as never);
    expect(say(pausedByText("Rina"), en)).toBe("Paused by Rina");
    expect(say(pausedByText("Rina"), id)).toBe("Dijeda oleh Rina");
    expect(say(pausedAfterFailuresText(5, "fetch_failed: HTTP 500"), en)).toBe(
      "Paused automatically after 5 failures in a row",
    );
    expect(say(PAUSED_TEXT, en)).toBe("Paused");
    for (const stored of [pausedByText("Rina"), pausedAfterFailuresText(3, null), PAUSED_TEXT]) {
      expect(say(stored, en), stored).not.toMatch(/Dijeda|kegagalan|berturut/);
    }
  });
});
