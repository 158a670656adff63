/** Verdicts an analyst can give; the API speaks the English codes, the UI the Indonesian labels. */
export const VERDICTS = ["false", "misleading", "true", "unproven"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABEL_ID: Record<Verdict, string> = {
  false: "Salah/Hoaks",
  misleading: "Menyesatkan",
  true: "Benar",
  unproven: "Belum terbukti",
};

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === "string" && (VERDICTS as readonly string[]).includes(value);
}
