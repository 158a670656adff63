import { clinicModels, type Db, getActiveInstanceModel, getInstanceArtefact } from "@klinik/db";

/** Which model scores a clinic's items, and how to get its artefact when a scoring thread lacks it. */
export interface ModelRef {
  version: string;
  artefact(): Promise<Uint8Array | undefined>;
}

/**
 * The hot switch: each clinic's active model version, read from the registry
 * at most once per `ttlMs` per clinic (one indexed row), so a model promoted
 * or rolled back by any process scores this process's next jobs within that
 * delay, without a restart. A clinic without a model of its own (or whose
 * model was fitted on another base than this process's) is scored by the
 * active instance model, trained on every clinic's verdicts, else by the base.
 */
export class ActiveModels {
  readonly #seen = new Map<string, { version: string; at: number }>();

  constructor(
    private readonly db: Db,
    readonly baseVersion: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async refFor(tenantId: string): Promise<ModelRef> {
    const version = await this.versionFor(tenantId);
    return {
      version,
      artefact: async () => {
        const b64 =
          (await clinicModels(this.db, tenantId).getModelArtefact(version)) ??
          (await getInstanceArtefact(this.db, version));
        return b64 === undefined ? undefined : Buffer.from(b64, "base64");
      },
    };
  }

  async versionFor(tenantId: string): Promise<string> {
    const hit = this.#seen.get(tenantId);
    const t = this.now();
    if (hit && t - hit.at < this.ttlMs) return hit.version;
    const own = await clinicModels(this.db, tenantId).getActiveModel();
    const row = own && own.base_version === this.baseVersion ? own : await getActiveInstanceModel(this.db);
    const version = row && row.base_version === this.baseVersion ? row.version : this.baseVersion;
    this.#seen.set(tenantId, { version, at: t });
    return version;
  }

  /** Reads the clinic's active model again on its next job (this process just changed it). */
  forget(tenantId: string): void {
    this.#seen.delete(tenantId);
  }

  /** Reads every clinic's model again (this process just changed the instance model, which many fall back to). */
  forgetAll(): void {
    this.#seen.clear();
  }
}
