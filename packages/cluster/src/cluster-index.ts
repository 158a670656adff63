import { NUM_HASHES, type Signature } from "./signature.ts";

/** LSH banding: BANDS × ROWS = NUM_HASHES. See README for the threshold curve. */
export const BANDS = 32;
export const ROWS = NUM_HASHES / BANDS;

export interface ClusterMatch {
  /** the stored item's key */
  key: string;
  clusterId: string;
  /** estimated Jaccard similarity of the shingle sets, 0..1 */
  similarity: number;
  tier: "confirmed" | "suggested";
}

export interface ClusterIndexOptions {
  /** similarity at or above which an item joins a cluster (default 0.5) */
  confirmed?: number;
  /** similarity at or above which a match is reported as a suggestion (default 0.3) */
  suggested?: number;
  /** texts with fewer content words are never confirmed, only suggested (default 8) */
  minWordsForConfirmed?: number;
  /** most chain entries visited per band per query; bounds cost when one message floods in */
  maxBucketScan?: number;
  /** items the arrays are first sized for (default 1,024, about 0.5 MB); they double as needed */
  initialCapacity?: number;
}

export interface ClusterItem {
  key: string;
  clusterId: string;
  sig: Signature;
}

const EMPTY = -1;
const INITIAL_CAPACITY = 1024;
const MIN_CAPACITY = 16;

/**
 * MinHash-LSH near-duplicate index. Items live in typed arrays indexed by a
 * dense int id; each band is a chained hash table (`heads` per band, `next`
 * per item×band), so a million items cost a few hundred MB, not gigabytes.
 */
export class ClusterIndex {
  readonly confirmed: number;
  readonly suggested: number;
  readonly minWordsForConfirmed: number;
  private readonly maxBucketScan: number;

  private capacity = 0;
  private used = 0; // ids handed out so far (live + freed)
  private live = 0;
  private sigs = new Uint16Array(0);
  private words = new Uint16Array(0);
  private clusterOfId = new Int32Array(0);
  private next = new Int32Array(0);
  private stamps = new Uint32Array(0);
  private stamp = 0;
  private tableBits = 0;
  private heads = new Int32Array(0);
  private readonly freeIds: number[] = [];

  private readonly idOfKey = new Map<string, number>();
  private readonly keyOfId: (string | undefined)[] = [];
  private keyChars = 0;

  private readonly clusterNumber = new Map<string, number>();
  private readonly clusterNames: (string | undefined)[] = [];
  private readonly clusterRefs: number[] = [];
  private readonly freeClusters: number[] = [];

  constructor(opts: ClusterIndexOptions = {}) {
    this.confirmed = opts.confirmed ?? 0.5;
    this.suggested = opts.suggested ?? 0.3;
    this.minWordsForConfirmed = opts.minWordsForConfirmed ?? 8;
    this.maxBucketScan = opts.maxBucketScan ?? 2000;
    if (!(this.suggested <= this.confirmed)) throw new RangeError("suggested must not exceed confirmed");
    this.grow(opts.initialCapacity ?? INITIAL_CAPACITY);
  }

  get size(): number {
    return this.live;
  }

  /** Best matches first, at most `limit`, all with similarity ≥ the suggested threshold. */
  query(sig: Signature, limit = 10): ClusterMatch[] {
    return this.search(sig).slice(0, limit);
  }

  /** Adds (or replaces) an item under a cluster id. */
  add(key: string, clusterId: string, sig: Signature): void {
    if (this.idOfKey.has(key)) this.remove(key);
    if (this.freeIds.length === 0 && this.used === this.capacity) this.grow(this.capacity * 2);
    const id = this.freeIds.pop() ?? this.used++;
    this.idOfKey.set(key, id);
    this.keyOfId[id] = key;
    this.keyChars += key.length;
    this.clusterOfId[id] = this.internCluster(clusterId);
    // words = 0 marks an empty text: stored, never linked into the bands.
    this.words[id] = sig.shingles > 0 ? Math.max(1, Math.min(sig.words, 0xffff)) : 0;
    const base = id * NUM_HASHES;
    for (let i = 0; i < NUM_HASHES; i++) this.sigs[base + i] = (sig.hashes[i] as number) & 0xffff;
    this.live++;
    if (sig.shingles > 0) this.link(id);
  }

  /** Bulk load, e.g. rebuilding from stored signatures at start-up: sizes the arrays once. */
  addMany(items: Iterable<ClusterItem>, expectedCount?: number): void {
    if (expectedCount !== undefined) this.reserve(this.live + expectedCount);
    for (const item of items) this.add(item.key, item.clusterId, item.sig);
  }

  /** Makes room for `count` items without further reallocation. */
  reserve(count: number): void {
    if (count > this.capacity) this.grow(count);
  }

  remove(key: string): void {
    const id = this.idOfKey.get(key);
    if (id === undefined) return;
    this.unlink(id);
    this.idOfKey.delete(key);
    this.keyOfId[id] = undefined;
    this.keyChars -= key.length;
    this.releaseCluster(this.clusterOfId[id] as number);
    this.clusterOfId[id] = EMPTY;
    this.freeIds.push(id);
    this.live--;
  }

  /** Cluster id of a stored item. */
  clusterOf(key: string): string | undefined {
    const id = this.idOfKey.get(key);
    return id === undefined ? undefined : this.clusterNames[this.clusterOfId[id] as number];
  }

  /** Approximate heap held by the index: typed arrays exactly, maps and strings estimated. */
  memoryBytes(): number {
    const typed =
      this.sigs.byteLength +
      this.words.byteLength +
      this.clusterOfId.byteLength +
      this.next.byteLength +
      this.stamps.byteLength +
      this.heads.byteLength;
    // Map entry ≈ 3 words + hidden-class share; a one-byte string ≈ 16 B header + chars.
    const keys = this.idOfKey.size * (40 + 8) + this.keyChars + this.keyOfId.length * 8;
    const clusters = this.clusterNumber.size * (40 + 16 + 8) + this.clusterNames.length * 16;
    return typed + keys + clusters;
  }

  private search(sig: Signature): ClusterMatch[] {
    if (sig.shingles === 0) return [];
    const stamp = this.nextStamp();
    const q = sig.hashes;
    const ids: number[] = [];
    const sims: number[] = [];
    const mask = (1 << this.tableBits) - 1;
    for (let b = 0; b < BANDS; b++) {
      const off = b * ROWS;
      let e = this.heads[(b << this.tableBits) + (bandHash(q, off, b) & mask)] as number;
      for (let steps = 0; e !== EMPTY && steps < this.maxBucketScan; steps++) {
        const id = (e / BANDS) | 0;
        const candidate = this.stamps[id] !== stamp && this.rowsEqual(id, q, off);
        if (candidate) {
          this.stamps[id] = stamp;
          const sim = this.similarity(id, q);
          if (sim >= this.suggested) {
            ids.push(id);
            sims.push(sim);
          }
        }
        e = this.next[e] as number;
      }
    }
    const order = ids.map((_, i) => i).sort((x, y) => (sims[y] as number) - (sims[x] as number));
    const longEnough = sig.words >= this.minWordsForConfirmed;
    return order.map((i) => {
      const id = ids[i] as number;
      const similarity = sims[i] as number;
      const confirmed =
        longEnough && similarity >= this.confirmed && (this.words[id] as number) >= this.minWordsForConfirmed;
      return {
        key: this.keyOfId[id] as string,
        clusterId: this.clusterNames[this.clusterOfId[id] as number] as string,
        similarity,
        tier: confirmed ? "confirmed" : "suggested",
      };
    });
  }

  private similarity(id: number, q: Uint32Array): number {
    const base = id * NUM_HASHES;
    let same = 0;
    for (let i = 0; i < NUM_HASHES; i++) if (this.sigs[base + i] === q[i]) same++;
    return same / NUM_HASHES;
  }

  private rowsEqual(id: number, q: Uint32Array, off: number): boolean {
    const base = id * NUM_HASHES + off;
    for (let r = 0; r < ROWS; r++) if (this.sigs[base + r] !== q[off + r]) return false;
    return true;
  }

  private link(id: number): void {
    const mask = (1 << this.tableBits) - 1;
    const sig = this.sigs.subarray(id * NUM_HASHES, (id + 1) * NUM_HASHES);
    for (let b = 0; b < BANDS; b++) {
      const slot = (b << this.tableBits) + (bandHash(sig, b * ROWS, b) & mask);
      const e = id * BANDS + b;
      this.next[e] = this.heads[slot] as number;
      this.heads[slot] = e;
    }
  }

  private unlink(id: number): void {
    if (this.words[id] === 0) return;
    const mask = (1 << this.tableBits) - 1;
    const sig = this.sigs.subarray(id * NUM_HASHES, (id + 1) * NUM_HASHES);
    for (let b = 0; b < BANDS; b++) {
      const slot = (b << this.tableBits) + (bandHash(sig, b * ROWS, b) & mask);
      const e = id * BANDS + b;
      let prev = EMPTY;
      let cur = this.heads[slot] as number;
      while (cur !== EMPTY && cur !== e) {
        prev = cur;
        cur = this.next[cur] as number;
      }
      if (cur === EMPTY) continue;
      if (prev === EMPTY) this.heads[slot] = this.next[e] as number;
      else this.next[prev] = this.next[e] as number;
    }
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  private grow(minCapacity: number): void {
    const capacity = Math.max(minCapacity, MIN_CAPACITY);
    this.sigs = resized(this.sigs, capacity * NUM_HASHES);
    this.words = resized(this.words, capacity);
    this.clusterOfId = resized(this.clusterOfId, capacity);
    this.next = resized(this.next, capacity * BANDS);
    this.stamps = resized(this.stamps, capacity);
    this.capacity = capacity;
    // One head slot per item per band keeps chains at about one entry.
    const bits = Math.ceil(Math.log2(capacity));
    if (bits !== this.tableBits) {
      this.tableBits = bits;
      this.heads = new Int32Array(BANDS << bits).fill(EMPTY);
      for (let id = 0; id < this.used; id++) {
        if (this.keyOfId[id] !== undefined && this.words[id] !== 0) this.link(id);
      }
    }
  }

  private internCluster(clusterId: string): number {
    let n = this.clusterNumber.get(clusterId);
    if (n === undefined) {
      n = this.freeClusters.pop() ?? this.clusterNames.length;
      this.clusterNumber.set(clusterId, n);
      this.clusterNames[n] = clusterId;
      this.clusterRefs[n] = 0;
    }
    this.clusterRefs[n] = (this.clusterRefs[n] ?? 0) + 1;
    return n;
  }

  private releaseCluster(n: number): void {
    const refs = (this.clusterRefs[n] ?? 1) - 1;
    this.clusterRefs[n] = refs;
    if (refs > 0) return;
    const name = this.clusterNames[n];
    if (name !== undefined) this.clusterNumber.delete(name);
    this.clusterNames[n] = undefined;
    this.freeClusters.push(n);
  }
}

function bandHash(sig: ArrayLike<number>, off: number, band: number): number {
  let h = Math.imul(band + 1, 0x9e3779b9);
  for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ (sig[off + r] as number), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function resized<T extends Uint16Array | Int32Array | Uint32Array>(arr: T, length: number): T {
  const out = new (arr.constructor as new (n: number) => T)(length);
  out.set(arr.subarray(0, Math.min(arr.length, length)) as unknown as ArrayLike<number>);
  return out;
}
