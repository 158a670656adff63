import { type ClarificationMatcher, claimSignature } from "@klinik/claims";
import {
  type ClarificationHit,
  type ClarificationSearchSource,
  clarificationCandidates,
  clarificationHits,
  clarificationSearchTexts,
  type Db,
  publicSearchableCount,
  type SearchScope,
  searchIndexRows,
  searchVersion,
  staleClarificationSearch,
  storeClarificationSearch,
} from "@klinik/db";
import { type IndexedDoc, PublishedIndex } from "./published-index.ts";
import { combinedScore, coverage, type DocTerms, docTerms, weighQuery } from "./rank.ts";
import { queryTerms, searchTerms, warmTerms } from "./terms.ts";

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

type SimilarMatch = { similarity: number; tier: "confirmed" | "suggested" };

/** Longest query text looked at: a pasted chain message is long, its first lines say what it is. */
export const MAX_QUERY_CHARS = 4_000;
/** Candidates fetched from the full-text index before ranking (drafts' search). */
const CANDIDATES = 100;
// Retrieval uses the rarest query terms until their documents add up to this many,
// so a common word ("anak") does not flood the candidates; ranking uses every term.
const RETRIEVAL_DOCS = 800;
const RETRIEVAL_TERMS = 12;
const INDEX_BATCH = 200;
const LOAD_BATCH = 2_000;
const TERMS_PER_DOC = 800;

/** A clarification's searchable text: its title (weighted twice), the claim as it circulated, its body. */
export function clarificationTerms(src: Omit<ClarificationSearchSource, "id" | "stale">): string[] {
  return searchTerms([src.title, src.title, ...src.items, src.body].join("\n")).slice(0, TERMS_PER_DOC);
}

/**
 * Full-text search over clarifications combined with the claim similarity the
 * classifier uses, ranked here by one formula (see rank.ts). One per process.
 *
 * Public searches (published, not withdrawn) are answered from memory: a
 * `PublishedIndex` of every published clarification, checked against the
 * database's change counter (migration 0018) before each search — one indexed
 * read of one row, shared by the searches that arrive while it runs. When the
 * counter moved, stale search texts are rewritten and the changed rows read, so
 * every process answers from the same published set as of that read: a
 * publication is found, an edit is ranked by its new text and a withdrawal is
 * gone from the next search on. Searches that include drafts (the analysts')
 * ask the database's full-text index (FTS5 / tsvector) for candidates.
 */
export class ClarificationSearch {
  private readonly index = new PublishedIndex();
  private seen = -1;
  private checking: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    /** The claim matcher over published clarifications; its similarity joins the ranking. */
    private readonly matcher?: ClarificationMatcher,
    /** false: public searches too ask the full-text index (`pnpm bench search` compares both). */
    private readonly fromMemory = true,
  ) {}

  /** Clarifications the index holds (published, not withdrawn). */
  get published(): number {
    return this.index.size;
  }

  /**
   * Brings the index up to the database's change counter as read now. A search
   * arriving while a check runs waits for the next one (its read starts after the
   * search arrived), so a write committed before a search is always seen by it.
   */
  refresh(): Promise<void> {
    if (!this.checking) {
      this.checking = this.check().finally(() => {
        this.checking = undefined;
      });
      return this.checking;
    }
    this.queued ??= this.checking
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }

  /** Loads the stemmer, the published index and the claim signatures now (at start-up), not on the first search. */
  async warm(): Promise<void> {
    warmTerms();
    await this.refresh();
  }

  private async check(): Promise<void> {
    if ((await searchVersion(this.db)) === this.seen) return;
    // Rewriting stale search texts raises the counter again: read it after.
    await this.indexStale();
    const version = await searchVersion(this.db);
    const changed = await this.load(this.seen);
    // A deleted clarification leaves no changed row behind; the count tells, and a full load mends it
    // (only when nothing changed meanwhile: a publication racing the count is read by the next check).
    const count = await publicSearchableCount(this.db);
    if (count !== this.index.size && (await searchVersion(this.db)) === version) {
      this.index.clear();
      await this.load(-1);
    }
    this.seen = version;
    if (this.matcher) {
      // Edited or withdrawn since the matcher signed them; new publications come with its refresh.
      const signed = changed.filter((id) => this.matcher?.has(id));
      await this.matcher.refresh(true);
      await this.matcher.reload(signed);
    }
  }

  /** Applies the rows changed after `after`; answers their ids. */
  private async load(after: number): Promise<string[]> {
    const ids: string[] = [];
    let from: { changed: number; id: string } | undefined;
    for (;;) {
      const rows = await searchIndexRows(this.db, after, from, LOAD_BATCH);
      for (const r of rows) {
        this.index.apply(r);
        ids.push(r.id);
      }
      const last = rows.at(-1);
      if (!last || rows.length < LOAD_BATCH) return ids;
      from = { changed: last.changed, id: last.id };
    }
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

  /** Clarifications matching `q`, best first. */
  async search(query: SearchQuery): Promise<ClarificationFound[]> {
    const text = query.q.slice(0, MAX_QUERY_CHARS);
    await this.refresh();
    const terms = this.queryTerms(text);
    const similar = this.similar(text, query);
    const publicOnly = this.fromMemory && query.statuses.length === 1 && query.statuses[0] === "published";
    const docs = publicOnly
      ? this.publishedCandidates(terms, similar, query.tenantId)
      : await this.databaseCandidates(terms, similar, query);
    const vocab = this.index.vocabulary;
    // A word no clarification has cannot be matched, but it is part of what the text says: it
    // lowers every score alike, so the order stays and a match on a word or two of a long message
    // about something else stays under minScore. (Every candidate from memory is counted in the
    // vocabulary: only the database's can hold such a word.)
    const distinct = [...new Set(terms)];
    const ranked = distinct.filter((t) => vocab.df(t) > 0 || (!publicOnly && docs.some((d) => d.terms.tf.has(t))));
    const weighed = weighQuery(vocab, ranked, distinct.length - ranked.length);
    const minScore = query.minScore ?? 0;
    // Only what can be answered is sorted (most candidates score under minScore).
    const top: { id: string; score: number; sim: SimilarMatch | undefined }[] = [];
    for (const { id, terms: doc } of docs) {
      const sim = similar.get(id);
      const score = combinedScore(coverage(vocab, weighed, doc), sim?.similarity ?? 0);
      if (score > 0 && score >= minScore) top.push({ id, score, sim });
    }
    top.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    top.length = Math.min(top.length, query.limit);
    const hits = publicOnly
      ? new Map(top.flatMap((s) => this.index.get(s.id)?.hit ?? []).map((h) => [h.id, h]))
      : new Map(
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

  /** The query's terms; a word no published clarification has may be misspelt: its likely spelling joins. */
  private queryTerms(text: string): string[] {
    const vocab = this.index.vocabulary;
    // The word itself stays, for drafts and edits the statistics do not count.
    // The index's own strings: every candidate's term map is looked up by them (see `intern`).
    return queryTerms(text).flatMap((t) => {
      const fixed = vocab.df(t) > 0 ? undefined : vocab.correct(t);
      return fixed ? [this.index.intern(t), this.index.intern(fixed)] : [this.index.intern(t)];
    });
  }

  /** The rarest query terms, until their documents add up to RETRIEVAL_DOCS. */
  private retrievalTerms(terms: readonly string[]): string[] {
    const vocab = this.index.vocabulary;
    const chosen: string[] = [];
    let reach = 0;
    for (const t of [...new Set(terms)].sort((a, b) => vocab.df(a) - vocab.df(b))) {
      if (chosen.length >= RETRIEVAL_TERMS || (chosen.length > 0 && reach + vocab.df(t) > RETRIEVAL_DOCS)) break;
      chosen.push(t);
      reach += vocab.df(t);
    }
    return chosen;
  }

  /** Candidates from memory: every published clarification holding a retrieval term, or similar to the text. */
  private publishedCandidates(terms: readonly string[], similar: Map<string, unknown>, tenantId: string | null) {
    const found = new Set<IndexedDoc>();
    for (const id of similar.keys()) {
      const doc = this.index.get(id);
      if (doc) found.add(doc);
    }
    for (const t of this.retrievalTerms(terms)) for (const doc of this.index.holding(t)) found.add(doc);
    const out: { id: string; terms: DocTerms }[] = [];
    for (const doc of found) {
      if (tenantId === null || doc.hit.tenant_id === tenantId) out.push({ id: doc.hit.id, terms: doc.terms });
    }
    return out;
  }

  /** Candidates from the database's full-text index (searches that include drafts). */
  private async databaseCandidates(terms: readonly string[], similar: Map<string, unknown>, scope: SearchScope) {
    const found = new Map<string, string>();
    const chosen = this.retrievalTerms(terms);
    for (const c of await clarificationCandidates(this.db, chosen, scope, CANDIDATES)) found.set(c.id, c.search_text);
    const missing = [...similar.keys()].filter((id) => !found.has(id));
    for (const c of await clarificationSearchTexts(this.db, missing, scope)) found.set(c.id, c.search_text);
    return [...found].map(([id, searchText]) => ({ id, terms: docTerms(searchText) }));
  }

  /** The claim matcher's matches among published clarifications, within the scope (as of the last refresh). */
  private similar(text: string, scope: SearchScope) {
    const out = new Map<string, SimilarMatch>();
    if (!this.matcher || !scope.statuses.includes("published")) return out;
    for (const m of this.matcher.matchLoaded(claimSignature(null, text), 20)) {
      // The matcher keeps what was ever published: the index says what still is.
      if (!this.index.get(m.clarificationId)) continue;
      if (scope.tenantId === null || m.tenantId === scope.tenantId) out.set(m.clarificationId, m);
    }
    return out;
  }
}
