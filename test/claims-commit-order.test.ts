import { randomInt } from "node:crypto";
import { ClarificationMatcher, TenantClusterer } from "@klinik/claims";
import { createTenant, forClinic, openDb } from "@klinik/db";
import { createTestDb, testItem, testPostgresUrl } from "@klinik/db/testing";
import { loadScorer } from "@klinik/scorer";
import { createClassifyProcessor, inlineRunner } from "@klinik/worker-classifier";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "./support/harness.ts";

const STORY =
  "Bantuan tunai untuk warga desa cair besok di kantor kecamatan, bawa kartu keluarga dan fotokopi KTP, " +
  "pendaftaran ditutup siang hari, sebarkan ke grup keluarga sebelum kuota habis";

// Postgres draws `item_signatures.seq` from a sequence: a transaction that drew a lower
// number can commit after one that drew a higher number. Only Postgres does this.
describe.skipIf(!testPostgresUrl())("claim index catch-up when signatures commit out of seq order (postgres)", () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("a row committed late with a lower seq is still read, and its copy joins its claim", async () => {
    const h = await createTestDb("postgres");
    closers.push(() => h.close());
    const schema = h.schema as string;
    const tenantId = (await createTenant(h.db, { slug: "kaltara", name: "Kalimantan Utara" })).id;
    const clinic = forClinic(h.db, tenantId);
    const {
      pendingIds: [first, copy],
    } = await clinic.insertItems([
      testItem("first", { text: STORY }),
      testItem("copy", { text: `${STORY} Tolong sebarkan!` }),
    ]);
    // The first item's transaction draws its seq, then waits (inside its INSERT) on a lock the test holds.
    const gate = randomInt(1, 2 ** 31);
    await sql
      .raw(
        `create function ${schema}.hold_first() returns trigger language plpgsql as $$
         begin if new.item_id = '${first}' then perform pg_advisory_xact_lock_shared(${gate}); end if; return new; end $$;
         create trigger hold_first after insert on ${schema}.item_signatures for each row execute function ${schema}.hold_first();`,
      )
      .execute(h.db);
    // One connection, so the session lock is released by the session that took it.
    const holder = openDb(h.url, { schema, poolSize: 1 });
    closers.push(() => holder.close());
    await sql`select pg_advisory_lock(${gate})`.execute(holder.db);

    // Two classifier processes whose claim lock is gone (Redis restarted): each its own pool and index.
    const scorer = loadScorer();
    const processor = () => {
      const own = openDb(h.url, { schema, poolSize: 3 });
      closers.push(() => own.close());
      return createClassifyProcessor({
        db: own.db,
        runner: inlineRunner(scorer),
        modelVersion: scorer.version,
        clusterer: new TenantClusterer(own.db),
        clarifications: new ClarificationMatcher(own.db),
      });
    };
    const observerDb = openDb(h.url, { schema, poolSize: 2 });
    closers.push(() => observerDb.close());
    const observer = new TenantClusterer(observerDb.db);

    const one = processor()({ tenantId, itemIds: [first as string] });
    await waitFor(
      async () =>
        (
          await sql`select 1 from pg_locks where locktype = 'advisory' and objid = ${gate} and not granted`.execute(
            holder.db,
          )
        ).rows.length > 0,
      "the first item's transaction to hold its seq",
    );
    const two = processor()({ tenantId, itemIds: [copy as string] });
    // Before: the copy committed a higher seq at once. Now it waits for the first to commit.
    await Promise.race([two, new Promise((r) => setTimeout(r, 1_500))]);
    await observer.withTenant(tenantId, async () => {});
    await sql`select pg_advisory_unlock(${gate})`.execute(holder.db);
    await Promise.all([one, two]);

    const held = await observer.withTenant(tenantId, async (index) => [
      index.clusterOf(first as string),
      index.clusterOf(copy as string),
    ]);
    expect(held.every((c) => c !== undefined)).toBe(true);
    const stored = [
      (await clinic.getItem(first as string))?.cluster_id,
      (await clinic.getItem(copy as string))?.cluster_id,
    ];
    expect(stored[0]).toBeTruthy();
    expect(stored[1]).toBe(stored[0]);
    expect(held).toEqual(stored);
  }, 30_000);
});
