/** Document frequencies of terms over the searchable clarifications. */
export interface TermStats {
  /** Documents counted. */
  docs: number;
  /** Average terms per document. */
  avgLength: number;
  df(term: string): number;
}

// Okapi BM25 constants, the usual ones; b is lower than 0.75 because a clarification's
// body is long and says many things besides the claim.
const K1 = 1.2;
const B = 0.5;

/** BM25 idf, floored so a term in every document still counts a little. */
export function idf(stats: TermStats, term: string): number {
  return idfOf(stats.docs, stats.df(term));
}

/** `idf` of a term held by `df` of `n` documents. */
function idfOf(n: number, df: number): number {
  const held = Math.min(df, n);
  return Math.max(Math.log(1 + (n - held + 0.5) / (held + 0.5)), 0.05);
}

/** A document's term frequencies. */
export interface DocTerms {
  tf: Map<string, number>;
  length: number;
}

export function docTerms(searchText: string): DocTerms {
  const tf = new Map<string, number>();
  if (!searchText) return { tf, length: 0 };
  const terms = searchText.split(" ");
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return { tf, length: terms.length };
}

/** A query's terms with their idf weights: the same for every document, so weighed once per search. */
export interface WeighedQuery {
  terms: readonly string[];
  weights: readonly number[];
  /** The score of an ideal document holding every term, saturated. */
  best: number;
  avgLength: number;
}

/**
 * `unmatched`: words of the query that no document holds. None can be found, but they
 * are part of what the query says, so each counts in `best` as much as the rarest word a
 * document holds: a long message that shares one rare word with a clarification and
 * says nothing else it holds covers little of it, however few clarifications there are.
 */
export function weighQuery(stats: TermStats, query: readonly string[], unmatched = 0): WeighedQuery {
  const weights = query.map((t) => idf(stats, t));
  let best = unmatched * rarestIdf(stats);
  for (const w of weights) best += w;
  return { terms: query, weights, best, avgLength: stats.avgLength };
}

/** The idf of a term one document holds. */
const rarestIdf = (stats: TermStats): number => idfOf(stats.docs, 1);

/**
 * How much of a query a document answers, 0..1: its BM25 score divided by the
 * score of an ideal document holding every query term (each term saturated). A
 * retelling shares some of the clarification's words, rarely all, so the
 * fraction of the query's information found is what ranks; rare words count most.
 *
 * Computed here rather than by the database because Postgres' ts_rank knows no
 * idf, and FTS5's bm25 is not available on Postgres: one formula on both.
 * A search ranking many candidates weighs the query once (`weighQuery`): with the
 * idf of every term computed again for every candidate, this function was 28% of
 * the API's CPU under `pnpm bench search`'s unthrottled load (`node --cpu-prof`).
 */
export function coverage(stats: TermStats, query: readonly string[] | WeighedQuery, doc: DocTerms): number {
  const q = "weights" in query ? query : weighQuery(stats, query);
  const { terms, weights } = q;
  if (terms.length === 0 || doc.length === 0) return 0;
  const tf = doc.tf;
  const norm = K1 * (1 - B + (B * doc.length) / Math.max(q.avgLength, 1));
  let got = 0;
  for (let i = 0; i < terms.length; i++) {
    const f = tf.get(terms[i] as string) ?? 0;
    if (f > 0) got += ((weights[i] as number) * (f * (K1 + 1))) / (f + norm) / (K1 + 1);
  }
  return q.best > 0 ? got / q.best : 0;
}

/**
 * One score from the text match and the claim similarity (MinHash over
 * character shingles, what recognises a forwarded copy): either alone can
 * make a match, both together make a better one.
 */
export function combinedScore(textCoverage: number, similarity: number): number {
  return 1 - (1 - textCoverage) * (1 - similarity);
}
