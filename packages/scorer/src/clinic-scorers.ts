import type { Scorer } from "@klinik/core";
import { LRUCache } from "lru-cache";
import { decodeClinicModel } from "./clinic-model.ts";
import type { LinearModel } from "./model.ts";
import { createScorer } from "./scorer.ts";

/**
 * Scorers of clinic models by version, built lazily from their artefacts and
 * evicted least recently used beyond `max`, over one base model whose IDF
 * and scratch they share (about 3 MB each at 2^18 buckets: the dense weights
 * and the IDF/weight pairs). The base model's own version always answers.
 */
export class ClinicScorers {
  readonly base: Scorer;
  readonly #cache: LRUCache<string, Scorer>;

  constructor(
    readonly baseModel: LinearModel,
    max: number,
    base?: Scorer,
  ) {
    this.base = base ?? createScorer(baseModel);
    this.#cache = new LRUCache({ max: Math.max(1, max) });
  }

  /** The scorer of `version` if loaded (the base's always is). */
  get(version: string): Scorer | undefined {
    return version === this.base.version ? this.base : this.#cache.get(version);
  }

  /** Builds the scorer of an artefact (see `encodeClinicModel`) and keeps it; throws on a bad or foreign artefact. */
  load(bytes: Uint8Array): Scorer {
    const scorer = createScorer(decodeClinicModel(this.baseModel, bytes));
    this.#cache.set(scorer.version, scorer);
    return scorer;
  }

  /** Clinic models loaded now. */
  get size(): number {
    return this.#cache.size;
  }
}
