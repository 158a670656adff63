// What the shipped model trains on, shared by `pnpm train`, `pnpm eval` and the learning bench.
import { type CorpusDoc, type InDomainDoc, loadIdn, loadIhnd, loadInDomain } from "./corpora.ts";
import type { TrainingDoc } from "./trainer.ts";

/** How IHND-600 enters training: whole, without its "valid" articles that deny a quoted hoax, or not at all. */
export type IhndUse = "all" | "no-debunks" | "none";

export interface RecipeOptions {
  /** Weight of each in-domain training text (they are few and are the job). Default 3. */
  inDomainWeight?: number;
  /** Weight of each IHND-600 article. Default 0.5. */
  ihndWeight?: number;
  ihnd?: IhndUse;
  /** Weight of each IDNHoaxCorpus tweet. Default 1. */
  idnWeight?: number;
}

export const DEFAULT_RECIPE: Required<RecipeOptions> = {
  inDomainWeight: 3,
  ihndWeight: 0.5,
  ihnd: "no-debunks",
  idnWeight: 1,
};

/**
 * IHND "valid" articles are mostly debunks that quote the hoax (61% of them;
 * "beredar" in half): as negatives they teach that chain-message wording
 * means "true". A clinic's clarifications are taught by the in-domain set.
 */
const IHND_DEBUNK = /\b(?:hoaks|hoax|beredar|klarifikasi|tidak benar|disinformasi|bantah\w*)\b/i;

export function isIhndDebunk(d: CorpusDoc): boolean {
  return d.label === 0 && IHND_DEBUNK.test(d.text);
}

export interface RecipeParts {
  inDomain: readonly InDomainDoc[];
  ihnd: readonly CorpusDoc[];
  idn: readonly CorpusDoc[];
}

/** Loads the parts: the in-domain `train` families only (the `eval` families are never trained on), and both corpora. */
export function loadRecipeParts(dataDir: string): RecipeParts {
  return { inDomain: loadInDomain(undefined, "train"), ihnd: loadIhnd(dataDir), idn: loadIdn(dataDir) };
}

/** Weighted training documents of the recipe. */
export function recipeDocs(parts: RecipeParts, options: RecipeOptions = {}): TrainingDoc[] {
  const o = { ...DEFAULT_RECIPE, ...options };
  const w = (docs: readonly CorpusDoc[], weight: number, calibrate = false): TrainingDoc[] =>
    weight > 0
      ? docs.map((d) => ({ text: d.text, label: d.label, weight, calibrate, group: calibrate ? d.group : "" }))
      : [];
  const ihnd =
    o.ihnd === "none" ? [] : o.ihnd === "no-debunks" ? parts.ihnd.filter((d) => !isIhndDebunk(d)) : parts.ihnd;
  // Probabilities are calibrated on the in-domain texts (out-of-fold): what clinics see.
  return [...w(parts.inDomain, o.inDomainWeight, true), ...w(ihnd, o.ihndWeight), ...w(parts.idn, o.idnWeight)];
}
