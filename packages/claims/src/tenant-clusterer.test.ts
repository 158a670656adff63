import { createTenant, forClinic, newId } from "@klinik/db";
import { createTestDb, testItem } from "@klinik/db/testing";
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimSignature, encodeSignature } from "./claim-text.ts";
import { TenantClusterer } from "./tenant-clusterer.ts";

/** Counts the signature rows a connection reads back (what a catch-up costs). */
class SignatureReads implements KyselyPlugin {
  rows = 0;
  private readonly reads = new WeakSet<object>();
  transformQuery: KyselyPlugin["transformQuery"] = ({ node, queryId }) => {
    if (node.kind === "SelectQueryNode" && JSON.stringify(node.from).includes("item_signatures"))
      this.reads.add(queryId);
    return node;
  };
  transformResult: KyselyPlugin["transformResult"] = async ({ queryId, result }) => {
    if (this.reads.has(queryId)) this.rows += result.rows.length;
    return result;
  };
}

const texts = [
  "Vaksin palsu beredar di puskesmas kecamatan, warga diminta waspada dan melapor",
  "Bantuan sosial tunai cair minggu depan lewat kantor pos, bawa kartu keluarga",
  "Banjir setinggi dua meter merendam jalan utama kabupaten sejak pagi tadi",
  "Lowongan kerja BUMN tanpa tes dibuka, kirim biaya pendaftaran ke rekening",
  "Harga beras naik di pasar induk karena pasokan dari sentra produksi menurun",
  "Listrik padam bergilir selama tiga hari di seluruh kota mulai besok malam",
];

describe("TenantClusterer catch-up", () => {
  let h: Awaited<ReturnType<typeof createTestDb>>;
  let tenantId: string;
  beforeAll(async () => {
    h = await createTestDb("sqlite");
    tenantId = (await createTenant(h.db, { slug: "jatim", name: "Jawa Timur" })).id;
  });
  afterAll(async () => h?.close());

  // Stores `texts` as items of their own claims through `clusterer`, as the classify processor does.
  const store = (clusterer: TenantClusterer, batch: string[], key: string, meanwhile?: () => Promise<unknown>) =>
    clusterer.withTenant(tenantId, async (index, scope) => {
      await meanwhile?.();
      const clinic = forClinic(h.db, tenantId);
      const { pendingIds } = await clinic.insertItems(batch.map((text, i) => testItem(`${key}-${i}`, { text })));
      const assignments = pendingIds.map((itemId, i) => {
        const sig = claimSignature(null, batch[i] ?? "");
        const clusterId = newId();
        index.add(itemId, clusterId, sig);
        return {
          itemId,
          clusterId,
          sig,
          signature: encodeSignature(sig),
          result: { score: 0.5, reasons: [] },
          matches: [],
        };
      });
      const result = await clinic.storeScoredBatch("m1", assignments);
      scope.committed(result.signatureSeqs);
      return pendingIds;
    });

  it("skips its own rows when nobody wrote in between, and still reads another process's rows", async () => {
    const readsA = new SignatureReads();
    const readsB = new SignatureReads();
    const a = new TenantClusterer(h.db.withPlugin(readsA));
    const b = new TenantClusterer(h.db.withPlugin(readsB));

    await store(a, texts.slice(0, 2), "a1");
    await store(a, texts.slice(2, 3), "a2");
    // a's second catch-up found nothing new: its own two rows were not read back
    expect(readsA.rows).toBe(0);

    // b catches up on a's three rows, then writes one of its own; a reads it on its next use
    await store(b, texts.slice(3, 4), "b1");
    expect(readsB.rows).toBe(3);
    // b writes again after a has caught up and before a stores: a's row does not follow what a read
    let fromB: string | undefined;
    await store(a, texts.slice(5, 6), "a3", async () => {
      [fromB] = await store(b, texts.slice(4, 5), "b2");
    });
    expect(readsA.rows).toBe(1);
    await a.withTenant(tenantId, async (index) => {
      expect(fromB && index.clusterOf(fromB)).toBeTruthy();
    });
    // b's second row and a's own last row were read back, nothing was skipped over
    expect(readsA.rows).toBe(3);
    expect(a.size).toBe(6);
  });
});

describe("TenantClusterer within a memory budget", () => {
  let h: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    h = await createTestDb("sqlite");
  });
  afterAll(async () => h?.close());

  it("keeps a bounded number of clinics however many it touches, and rebuilds a dropped one from the database", async () => {
    const clinics = 40;
    const ids: string[] = [];
    for (let i = 0; i < clinics; i++) ids.push((await createTenant(h.db, { slug: `c${i}`, name: `Klinik ${i}` })).id);
    const clusterer = new TenantClusterer(h.db, undefined, { maxBytes: 400_000 });
    const storeOne = (tenantId: string, key: string, text: string) =>
      clusterer.withTenant(tenantId, async (index, scope) => {
        const clinic = forClinic(h.db, tenantId);
        const { pendingIds } = await clinic.insertItems([testItem(key, { text })]);
        const itemId = pendingIds[0] as string;
        const sig = claimSignature(null, text);
        const near = index.query(sig, 1)[0];
        const clusterId = near && near.tier === "confirmed" ? near.clusterId : newId();
        index.add(itemId, clusterId, sig);
        const r = await clinic.storeScoredBatch(
          "m1",
          [{ itemId, clusterId, signature: encodeSignature(sig), result: { score: 0.5, reasons: [] }, matches: [] }],
          { seenThrough: scope.seenThrough },
        );
        scope.committed(r.signatureSeqs, true);
        return clusterId;
      });
    const first = await storeOne(ids[0] as string, "first", texts[0] as string);
    // Every clinic once, as publishing a clarification does.
    let most = 0;
    for (const id of ids.slice(1)) {
      await storeOne(id, `x-${id}`, texts[1] as string);
      most = Math.max(most, clusterer.stats().clinics);
    }
    const { clinics: held, bytes, dropped } = clusterer.stats();
    expect(most).toBeLessThan(clinics / 2);
    expect(held).toBeLessThan(clinics / 2);
    expect(bytes).toBeLessThanOrEqual(400_000);
    expect(dropped).toBeGreaterThan(clinics / 2);
    // The first clinic was dropped long ago: its copy still joins its claim, read back from the database.
    expect(await storeOne(ids[0] as string, "copy", `${texts[0]} sebarkan`)).toBe(first);
  });
});
