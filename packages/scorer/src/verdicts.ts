import type { TrainingDoc } from "./trainer.ts";

/** An analyst's verdict on an item, as stored by the application. */
export interface VerdictRow {
  text: string;
  verdict: string;
  title?: string | null;
  url?: string | null;
}

/**
 * Maps analyst verdicts to training docs: `false` and `misleading` → 1
 * (disinformation), `true` → 0; `unproven`, unknown verdicts and rows without
 * text are skipped. Case and surrounding spaces in the verdict are ignored.
 */
export function trainingDocsFromVerdicts(rows: Iterable<VerdictRow>): TrainingDoc[] {
  const docs: TrainingDoc[] = [];
  for (const r of rows) {
    if (typeof r?.text !== "string" || r.text.trim() === "") continue;
    const v = typeof r.verdict === "string" ? r.verdict.trim().toLowerCase() : "";
    const label = v === "false" || v === "misleading" ? 1 : v === "true" ? 0 : null;
    if (label === null) continue;
    docs.push({ text: r.text, title: r.title ?? null, url: r.url ?? null, label });
  }
  return docs;
}
