import { type ClarificationMatcher, claimSignature } from "@klinik/claims";
import {
  type ClarificationHit,
  type ClarificationSearchSource,
  clarificationCandidates,
  clarificationHits,
  clarificationSearchTexts,
  type Db,
  publishedSearchTextsAfter,
  type SearchScope,
  staleClarificationSearch,
  storeClarificationSearch,
} from "@klinik/db";
import { combinedScore, coverage, docTerms } from "./rank.ts";
import { queryTerms, searchTerms, warmTerms } from "./terms.ts";
import { Vocabulary } from "./vocabulary.ts";

/** A clarification found, with how well it matches (0..1). */
export interface ClarificationFound extends ClarificationHit {
  score: number;
  /** Claim similarity of the text (MinHash), 0 when the matcher did not find it. */
  similarity: number;
  /** The matcher's verdict on the claim similarity, when it found it. */
  tier: "confirmed" | "suggested" | null;
}

export interface SearchQuery extends SearchScope {
  q: string;
  limit: number;
  /** Answers below this score are left out (0: everything the words found). */
  minScore?: number | undefined;
}

/** Longest query text looked at: a pasted chain message is long, its first lines say what it is. */
export const MAX_QUERY_CHARS = 4_000;
/** Candidates fetched from the full-text index before ranking. */
const CANDIDATES = 100;
// Retrieval uses the rarest query terms until their documents add up to this many,
// so a common word ("anak") does not flood the candidates; ranking uses every term.
const RETRIEVAL_DOCS = 800;
const RETRIEVAL_TERMS = 12;
const INDEX_BATCH = 200;
const TERMS_PER_DOC = 800;

/** A clarification's searchable text: its title (weighted twice), the claim as it circulated, its body. */
export function clarificationTerms(src: Omit<ClarificationSearchSource, "id" | "stale">): string[] {
  return searchTerms([src.title, src.title, ...src.items, src.body].join("\n")).slice(0, TERMS_PER_DOC);
}

/**
 * Full-text search over clarifications combined with the claim similarity
 * the classifier uses. The database finds candidates (FTS5 / tsvector); they
 * are ranked here by one formula on both (see rank.ts). One per process.
 */
export class ClarificationSearch {
  private readonly vocabulary = new Vocabulary();
  private after = "";
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    /** The claim matcher over published clarifications; its similarity joins the ranking. */
    private readonly matcher?: ClarificationMatcher,
  ) {}

  /**
   * Writes the search text of clarifications changed since (triggers mark them),
   * then counts newly published ones. Runs before every search; with nothing to
   * do it is two indexed queries.
   */
  async refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        await this.indexStale();
        await this.countPublished();
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }

  /** Loads the stemmer and the term statistics now (at start-up), not on the first search. */
  async warm(): Promise<void> {
    warmTerms();
    await this.refresh();
    await this.matcher?.refresh(true);
  }

  private async indexStale(): Promise<void> {
    for (;;) {
      const rows = await staleClarificationSearch(this.db, INDEX_BATCH);
      for (const r of rows) {
        await storeClarificationSearch(this.db, r.id, clarificationTerms(r).join(" "), r.stale);
      }
      if (rows.length < INDEX_BATCH) return;
    }
  }

  private async countPublished(): Promise<void> {
    for (;;) {
      const rows = await publishedSearchTextsAfter(this.db, this.after, 1_000);
      let fresh = 0;
      for (const r of rows) {
        this.after = r.published_at;
        if (this.vocabulary.has(r.id)) continue;
        fresh += 1;
        this.vocabulary.add(r.id, r.search_text ? r.search_text.split(" ") : []);
      }
      if (rows.length < 1_000 || fresh === 0) return;
    }
  }

  /** Clarifications matching `q`, best first. */
  async search(query: SearchQuery): Promise<ClarificationFound[]> {
    const text = query.q.slice(0, MAX_QUERY_CHARS);
    await this.refresh();
    const vocab = this.vocabulary;
    // A word no published clarification has may be misspelt: its likely spelling joins the query (the
    // word itself stays, for drafts and edits the statistics have not counted).
    const terms = queryTerms(text).flatMap((t) => {
      const fixed = vocab.df(t) > 0 ? undefined : vocab.correct(t);
      return fixed ? [t, fixed] : [t];
    });
    const retrieval = [...new Set(terms)].sort((a, b) => vocab.df(a) - vocab.df(b));
    const chosen: string[] = [];
    let reach = 0;
    for (const t of retrieval) {
      if (chosen.length >= RETRIEVAL_TERMS || (chosen.length > 0 && reach + vocab.df(t) > RETRIEVAL_DOCS)) break;
      chosen.push(t);
      reach += vocab.df(t);
    }
    const found = new Map<string, string>();
    for (const c of await clarificationCandidates(this.db, chosen, query, CANDIDATES)) found.set(c.id, c.search_text);
    const similar = await this.similar(text, query);
    const missing = [...similar.keys()].filter((id) => !found.has(id));
    for (const c of await clarificationSearchTexts(this.db, missing, query)) found.set(c.id, c.search_text);

    const docs = [...found].map(([id, searchText]) => ({ id, terms: docTerms(searchText) }));
    // A word no clarification has cannot be matched: it would only lower every score alike.
    const ranked = [...new Set(terms)].filter((t) => vocab.df(t) > 0 || docs.some((d) => d.terms.tf.has(t)));
    const scored = docs.map(({ id, terms: doc }) => {
      const sim = similar.get(id);
      const cov = coverage(vocab, ranked, doc);
      return { id, score: combinedScore(cov, sim?.similarity ?? 0), sim };
    });
    scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const top = scored.filter((s) => s.score > 0 && s.score >= (query.minScore ?? 0)).slice(0, query.limit);
    const hits = new Map(
      (
        await clarificationHits(
          this.db,
          top.map((s) => s.id),
          query,
        )
      ).map((h) => [h.id, h]),
    );
    return top.flatMap((s) => {
      const hit = hits.get(s.id);
      if (!hit) return [];
      const score = Math.round(s.score * 1000) / 1000;
      return [{ ...hit, score, similarity: s.sim?.similarity ?? 0, tier: s.sim?.tier ?? null }];
    });
  }

  /** The claim matcher's matches among published clarifications, within the scope. */
  private async similar(text: string, scope: SearchScope) {
    const out = new Map<string, { similarity: number; tier: "confirmed" | "suggested" }>();
    if (!this.matcher || !scope.statuses.includes("published")) return out;
    for (const m of await this.matcher.match(claimSignature(null, text), 20)) {
      if (scope.tenantId === null || m.tenantId === scope.tenantId) out.set(m.clarificationId, m);
    }
    return out;
  }
}
