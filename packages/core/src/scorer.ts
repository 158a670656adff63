/** One signal that moved a score, written for an analyst to read. */
export interface ScoreReason {
  /** Stable machine code, e.g. `chain_message`, `term:vaksin`. */
  code: string;
  /** Indonesian text shown to the analyst, e.g. "ajakan menyebarkan pesan". */
  label: string;
  /** Signed contribution to the log-odds: positive pushes towards disinformation. */
  weight: number;
}

export interface ScoreInput {
  text: string;
  title?: string | null;
  url?: string | null;
}

export interface ScoreResult {
  /** Probability 0..1 that the item is disinformation (false or misleading). */
  score: number;
  /** Strongest signals first. */
  reasons: ScoreReason[];
}

/**
 * Scores text for likely disinformation. Implementations are synchronous and
 * CPU-only so a worker can score inside its job without further I/O.
 */
export interface Scorer {
  /** Version of the model; stored beside every score it produces. */
  readonly version: string;
  score(input: ScoreInput): ScoreResult;
}
