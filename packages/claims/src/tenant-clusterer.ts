import { ClusterIndex } from "@klinik/cluster";
import { type Db, forClinic } from "@klinik/db";
import { decodeSignature } from "./claim-text.ts";
import { KeyedMutex } from "./mutex.ts";

function tryDecode(b64: string) {
  try {
    return decodeSignature(b64);
  } catch {
    return undefined;
  }
}

interface TenantIndex {
  index: ClusterIndex;
  lastSeq: number;
  /** Uses running now: an index in use is never dropped. */
  busy: number;
  /** index.memoryBytes() after its last use. */
  bytes: number;
}

/** What a caller of {@link TenantClusterer.withTenant} may tell the clinic's index. */
export interface TenantScope {
  /**
   * The last `item_signatures.seq` of this clinic the index holds. Pass it to
   * `storeScoredBatch` (`seenThrough`): the store refuses when another writer
   * stored a signature of this clinic after it, instead of splitting a claim.
   */
  readonly seenThrough: number;
  /**
   * These `item_signatures.seq` (committed, ascending) hold signatures this
   * process already added to the index. When they directly follow the last
   * row read, nobody else wrote in between, and the next catch-up starts
   * after them instead of reading them back. `fenced`: the store was made with
   * `seenThrough` and succeeded, so no row of this clinic lies between: the
   * next catch-up starts after the last of them whatever other clinics wrote.
   */
  committed(seqs: readonly number[], fenced?: boolean): void;
}

export interface TenantClustererOptions {
  /**
   * Bytes of claim indexes this process keeps (CLAIM_INDEX_MB). Beyond it the
   * clinics used least recently are dropped and rebuilt from the database on
   * their next use, so memory follows the clinics a process is busy with, not
   * the number of clinics on the instance. The clinic used last is always kept.
   */
  maxBytes?: number;
}

/** An index starts this small: publishing a clarification opens every clinic's (552 on a national instance). */
const INITIAL_ITEMS = 64;

/**
 * One near-duplicate index per clinic, held in this process and caught up from
 * the database (`item_signatures.seq`) before every use, so several worker
 * processes converge on the same clusters. Work for one clinic is serialised
 * in-process, and across processes by `acrossProcesses` (a Redis lock in the
 * classifier), so two near-duplicates scored at once cannot both start a cluster:
 * the second catches up on the first's stored signature before it decides.
 */
export class TenantClusterer {
  /** In order of use, least recent first. */
  private readonly tenants = new Map<string, TenantIndex>();
  private readonly mutex = new KeyedMutex();
  private readonly maxBytes: number;
  private dropped = 0;

  constructor(
    private readonly db: Db,
    /** Serialises one clinic's work across processes (catch-up, decide, store); absent: this process only. */
    private readonly acrossProcesses?: { run<T>(key: string, fn: () => Promise<T>): Promise<T> },
    opts: TenantClustererOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  withTenant<T>(tenantId: string, fn: (index: ClusterIndex, scope: TenantScope) => Promise<T>): Promise<T> {
    const work = async () => {
      const t = this.tenants.get(tenantId) ?? {
        index: new ClusterIndex({ initialCapacity: INITIAL_ITEMS }),
        lastSeq: 0,
        busy: 0,
        bytes: 0,
      };
      // Re-inserted: the map's order is the order of use.
      this.tenants.delete(tenantId);
      this.tenants.set(tenantId, t);
      t.busy++;
      try {
        await this.catchUp(tenantId, t);
        return await fn(t.index, {
          get seenThrough() {
            return t.lastSeq;
          },
          committed(seqs, fenced = false) {
            const n = seqs.length;
            const last = seqs[n - 1];
            if (last === undefined) return;
            if (fenced) t.lastSeq = Math.max(t.lastSeq, last);
            else if (seqs[0] === t.lastSeq + 1 && last === t.lastSeq + n) t.lastSeq += n;
          },
        });
      } finally {
        t.busy--;
        t.bytes = t.index.memoryBytes();
        this.dropLeastRecent();
      }
    };
    const shared = this.acrossProcesses;
    return this.mutex.run(tenantId, () => (shared ? shared.run(`claims:${tenantId}`, work) : work()));
  }

  private dropLeastRecent(): void {
    let total = 0;
    for (const t of this.tenants.values()) total += t.bytes;
    let left = this.tenants.size;
    for (const [id, t] of this.tenants) {
      if (total <= this.maxBytes || left === 1) return;
      left--;
      if (t.busy > 0) continue;
      // Dropped whole: its next use reads the clinic's signatures from the start.
      this.tenants.delete(id);
      total -= t.bytes;
      this.dropped++;
    }
  }

  private async catchUp(tenantId: string, t: TenantIndex): Promise<void> {
    const clinic = forClinic(this.db, tenantId);
    for (;;) {
      const rows = await clinic.signaturesAfter(t.lastSeq, 5_000);
      if (t.lastSeq === 0 && rows.length > 0) t.index.reserve(rows.length);
      for (const r of rows) {
        // Rows this process added itself are already in the index.
        if (t.index.clusterOf(r.item_id) === undefined) {
          const sig = tryDecode(r.signature);
          // A signature of an older format cannot be compared; that item is simply not matched.
          if (sig) t.index.add(r.item_id, r.cluster_id, sig);
        }
        t.lastSeq = r.seq;
      }
      if (rows.length < 5_000) return;
    }
  }

  /** Items held in memory over all clinics. */
  get size(): number {
    let n = 0;
    for (const t of this.tenants.values()) n += t.index.size;
    return n;
  }

  /** What this process holds: clinics, their indexes' bytes, and clinics dropped so far to stay within maxBytes. */
  stats(): { clinics: number; bytes: number; dropped: number } {
    let bytes = 0;
    for (const t of this.tenants.values()) bytes += t.bytes;
    return { clinics: this.tenants.size, bytes, dropped: this.dropped };
  }
}
