import type { ItemStatus, Verdict } from "@klinik/core";
import { VERDICT_LABEL_ID } from "@klinik/core";

export const LANGS = ["id", "en"] as const;
export type Lang = (typeof LANGS)[number];

import { en } from "./i18n-en.ts";
import { type Dict, id } from "./i18n-id.ts";

export type MsgKey = keyof typeof id;
export type T = (key: MsgKey) => string;

const DICTS: Record<Lang, Dict> = { id, en };

export function translator(lang: Lang): T {
  const d = DICTS[lang];
  return (key) => d[key];
}

const VERDICT_LABEL_EN: Record<Verdict, string> = {
  false: "False/Hoax",
  misleading: "Misleading",
  true: "True",
  unproven: "Unproven",
};

export function verdictLabel(v: Verdict, lang: Lang): string {
  return lang === "en" ? VERDICT_LABEL_EN[v] : VERDICT_LABEL_ID[v];
}

const STATUS_LABEL: Record<Lang, Record<ItemStatus, string>> = {
  id: { pending: "Menunggu skor", new: "Baru", in_review: "Sedang ditinjau", done: "Selesai", dismissed: "Diabaikan" },
  en: { pending: "Awaiting score", new: "New", in_review: "In review", done: "Done", dismissed: "Dismissed" },
};

/** A status as filter options and badges show it: one style, capitalised like "Belum selesai". */
export function statusLabel(s: ItemStatus, lang: Lang): string {
  return STATUS_LABEL[lang][s];
}

/** `?lang=` wins (and is remembered in a cookie by the caller), then the cookie, then Indonesian. */
export function pickLang(query: string | undefined, cookie: string | undefined): Lang {
  if (query === "en" || query === "id") return query;
  if (cookie === "en" || cookie === "id") return cookie;
  return "id";
}
