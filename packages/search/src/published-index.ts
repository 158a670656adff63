import type { ClarificationHit, SearchIndexRow } from "@klinik/db";
import type { DocTerms } from "./rank.ts";
import { Vocabulary } from "./vocabulary.ts";

/** A published clarification as the index holds it. */
export interface IndexedDoc {
  hit: ClarificationHit;
  terms: DocTerms;
}

/**
 * Every published, not withdrawn clarification of the instance in memory: what
 * an answer shows, its terms, postings by term and exact term statistics. The
 * public searches rank from it without the database; `ClarificationSearch`
 * keeps it in step with the database's change counter (migration 0018). At
 * 10,000 clarifications it holds tens of MB (see `pnpm bench search`).
 */
export class PublishedIndex {
  readonly vocabulary = new Vocabulary();
  private readonly docs = new Map<string, IndexedDoc>();
  // The documents themselves, not their ids: a search takes its candidates from here without a lookup each.
  private readonly postings = new Map<string, Set<IndexedDoc>>();
  // One string per distinct term, shared by every document's map and the postings.
  private readonly interned = new Map<string, string>();

  get size(): number {
    return this.docs.size;
  }

  get(id: string): IndexedDoc | undefined {
    return this.docs.get(id);
  }

  /** The documents holding `term`. */
  holding(term: string): ReadonlySet<IndexedDoc> {
    return this.postings.get(term) ?? EMPTY;
  }

  /**
   * The index's own string for a term (the one its documents' term maps hold), or
   * the term itself: a lookup by the identical string skips comparing characters.
   */
  intern(term: string): string {
    return this.interned.get(term) ?? term;
  }

  /** Takes in a changed row: out if it is no longer public, in (replacing what was) if it is. */
  apply(row: SearchIndexRow): void {
    this.remove(row.id);
    if (row.status !== "published" || row.withdrawn_at !== null) return;
    const { search_text, changed: _c, ...hit } = row;
    const terms = this.docTerms(search_text);
    const doc = { hit, terms };
    this.docs.set(row.id, doc);
    for (const t of terms.tf.keys()) {
      const list = this.postings.get(t);
      if (list) list.add(doc);
      else this.postings.set(t, new Set([doc]));
    }
    this.vocabulary.add(row.id, terms.tf.keys(), terms.length);
  }

  clear(): void {
    for (const id of [...this.docs.keys()]) this.remove(id);
  }

  private remove(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    this.docs.delete(id);
    for (const t of doc.terms.tf.keys()) {
      const list = this.postings.get(t);
      list?.delete(doc);
      if (list?.size === 0) this.postings.delete(t);
    }
    this.vocabulary.remove(id, doc.terms.tf.keys());
  }

  private docTerms(searchText: string): DocTerms {
    const tf = new Map<string, number>();
    if (!searchText) return { tf, length: 0 };
    const terms = searchText.split(" ");
    for (const raw of terms) {
      let t = this.interned.get(raw);
      if (t === undefined) {
        this.interned.set(raw, raw);
        t = raw;
      }
      tf.set(t, (tf.get(t) ?? 0) + 1);
    }
    return { tf, length: terms.length };
  }
}

const EMPTY: ReadonlySet<IndexedDoc> = new Set();
