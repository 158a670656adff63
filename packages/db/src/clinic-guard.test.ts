import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClinicBoundaryError, ClinicGuard } from "./clinic-guard.ts";
import type { Db } from "./connect.ts";
import { createTenant, newId, nowIso } from "./index.ts";
import { createTestDb, testPostgresUrl } from "./testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;

for (const dialect of dialects) {
  describe(`clinic guard on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    let a: string;
    let b: string;
    let guarded: Db;

    const refused = async (run: () => Promise<unknown>, reason: RegExp = /not filtered on this clinic's tenant_id/) => {
      let err: unknown;
      try {
        // Nested builders are checked as they are built, so some refusals throw before any promise.
        await run();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ClinicBoundaryError);
      expect((err as Error).message).toMatch(reason);
    };

    beforeAll(async () => {
      h = await createTestDb(dialect);
      a = (await createTenant(h.db, { slug: "a", name: "A" })).id;
      b = (await createTenant(h.db, { slug: "b", name: "B" })).id;
      guarded = h.db.withPlugin(new ClinicGuard(a));
    });
    afterAll(async () => h?.close());

    it("refuses a repository-style read without the clinic filter or with another clinic's id, and runs it with ours", async () => {
      await refused(() => guarded.selectFrom("items").selectAll().where("id", "=", "x").execute());
      await refused(
        () => guarded.selectFrom("items").selectAll().where("tenant_id", "=", b).execute(),
        /filtered on another clinic's id/,
      );
      expect(await guarded.selectFrom("items").selectAll().where("tenant_id", "=", a).execute()).toEqual([]);
      // An OR does not filter: only conditions every row must meet count.
      await refused(() =>
        guarded
          .selectFrom("items")
          .select("id")
          .where((eb) => eb.or([eb("tenant_id", "=", a), eb("id", "=", "x")]))
          .execute(),
      );
    });

    it("follows joins through tenant_id = tenant_id and checks subqueries and unions on their own", async () => {
      const joined = () => guarded.selectFrom("items as i").where("i.tenant_id", "=", a).select("i.id");
      await refused(() => joined().innerJoin("clusters as c", "c.id", "i.cluster_id").execute());
      await joined()
        .innerJoin("clusters as c", (j) =>
          j.onRef("c.id", "=", "i.cluster_id").onRef("c.tenant_id", "=", "i.tenant_id"),
        )
        .execute();
      await refused(() =>
        joined()
          .where(({ exists, selectFrom }) =>
            exists(selectFrom("verdicts as v").select("v.id").whereRef("v.item_id", "=", "i.id")),
          )
          .execute(),
      );
      await refused(() => joined().unionAll(guarded.selectFrom("items").select("id")).execute());
      // tenants is shared (a clinic's name is public), never checked.
      expect((await guarded.selectFrom("tenants").select("slug").orderBy("slug").execute()).length).toBe(2);
    });

    it("guards writes: inserts carry our id, updates and deletes filter on it, none moves a row", async () => {
      const source = (tenant_id: string) => ({
        id: newId(),
        tenant_id,
        kind: "rss" as const,
        name: "s",
        url: `https://x.test/${newId()}`,
        schedule_sec: 60,
        enabled: 1,
        consecutive_failures: 0,
        items_added: 0,
        dropped_total: 0,
        created_at: nowIso(),
      });
      await refused(
        () =>
          guarded
            .insertInto("sources")
            .values([source(a), source(b)])
            .execute(),
        /another clinic's tenant_id/,
      );
      const mine = source(a);
      await guarded.insertInto("sources").values(mine).execute();
      await refused(() => guarded.updateTable("sources").set({ name: "x" }).where("id", "=", mine.id).execute());
      await refused(
        () => guarded.updateTable("sources").set({ tenant_id: b }).where("tenant_id", "=", a).execute(),
        /moves rows to another clinic/,
      );
      await refused(() => guarded.deleteFrom("sources").where("id", "=", mine.id).execute());
      await guarded.deleteFrom("sources").where("tenant_id", "=", a).where("id", "=", mine.id).execute();
      await refused(() =>
        guarded
          .insertInto("item_clarification_matches")
          .columns(["tenant_id", "item_id", "clarification_id", "similarity", "created_at"])
          .expression((eb) =>
            eb
              .selectFrom("items")
              .select(["tenant_id", "id", eb.val("c").as("c"), eb.val(1).as("s"), eb.val(nowIso()).as("t")])
              .where("status", "=", "new"),
          )
          .execute(),
      );
    });

    it("wants our id among a raw query's parameters, and stays on inside transactions", async () => {
      await refused(() => sql`select count(*) from items`.execute(guarded), /raw query/);
      await sql`select count(*) from items where tenant_id = ${a}`.execute(guarded);
      await refused(() => guarded.transaction().execute((tx) => tx.selectFrom("clusters").selectAll().execute()));
      await refused(
        () =>
          guarded
            .selectFrom("items")
            .select("id")
            .where("tenant_id", "=", a)
            .where(sql<boolean>`id in (select item_id from verdicts)`)
            .execute(),
        /raw subquery/,
      );
    });

    it("lets our matches show another clinic's published clarification, and nothing else of it", async () => {
      const matches = () =>
        guarded
          .selectFrom("item_clarification_matches as m")
          .innerJoin("clarifications as c", "c.id", "m.clarification_id")
          .innerJoin("tenants as t", "t.id", "c.tenant_id")
          .select(["c.title", "t.name"]);
      await matches().where("m.tenant_id", "=", a).where("c.status", "=", "published").execute();
      // drafts of other clinics, or matches of other clinics, stay out
      await refused(() => matches().where("m.tenant_id", "=", a).execute(), /"clarifications" as c/);
      await refused(() => matches().where("c.status", "=", "published").execute(), /item_clarification_matches/);
      await refused(() => guarded.selectFrom("clarifications").selectAll().where("status", "=", "published").execute());
    });
  });
}
