import type { Scorer } from "@klinik/core";
import { LRUCache } from "lru-cache";
import { readClinicModel } from "./clinic-model.ts";
import type { LinearModel } from "./model.ts";
import { createClinicScorer, createScorer } from "./scorer.ts";

/**
 * Scorers of clinic models by version, built lazily from their artefacts and
 * evicted least recently used beyond `max`, over one base model. The base's
 * dense arrays (3 MB at 2^18 buckets) and scratch are held once per thread;
 * each clinic model keeps only the buckets it changed (see
 * `BucketOverrides`: a 32 kB bit set plus 8 bytes a changed bucket). The
 * base model's own version always answers.
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
    const scorer = createClinicScorer(this.baseModel, readClinicModel(this.baseModel, bytes));
    this.#cache.set(scorer.version, scorer);
    return scorer;
  }

  /** Clinic models loaded now. */
  get size(): number {
    return this.#cache.size;
  }
}
