import { ClarificationMatcher } from "@klinik/claims";
import { type DbHandle, openDb } from "@klinik/db";
import { ClarificationSearch } from "@klinik/search";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";

/**
 * The public search answers from a per-process index of published clarifications
 * (migration 0018's change counter keeps it in step). Changes made through the API
 * of one process are seen by the next search of that process and of another
 * process on the same database (its own connection, its own index, warmed before
 * the change): publishing, correcting, withdrawing; drafts are never in it.
 */
describe.each(DIALECTS)("the published index follows every change on %s", (dialect) => {
  let h: Harness;
  let jatim: Awaited<ReturnType<typeof createClinic>>;
  let ntt: Awaited<ReturnType<typeof createClinic>>;
  let other: DbHandle;
  let elsewhere: ClarificationSearch;

  beforeAll(async () => {
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
    jatim = await createClinic(h, "jatim");
    ntt = await createClinic(h, "ntt");
    other = openDb(h.db.url, h.db.schema ? { schema: h.db.schema } : {});
    elsewhere = new ClarificationSearch(other.db, new ClarificationMatcher(other.db));
    await elsewhere.warm();
  });
  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  const draft = async (who: typeof jatim, title: string, body: string) => {
    const r = await call(h, "POST", "/api/v1/clarifications", {
      headers: who.auth,
      body: { title, body, verdict: "false" },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const publish = async (who: typeof jatim, id: string) =>
    expect((await call(h, "POST", `/api/v1/clarifications/${id}/publish`, { headers: who.auth })).status).toBe(200);
  const check = async (text: string) =>
    (await call(h, "POST", "/api/v1/public/ntt/check", { body: { text } })).body.data as {
      id: string;
      title: string;
    }[];
  const publicElsewhere = async (q: string, tenantId: string | null = null) =>
    elsewhere.search({ q, tenantId, statuses: ["published"], limit: 5 });

  it("publish → found by this process and by another one", async () => {
    const id = await draft(jatim, "[HOAKS] Kapal selam kuning muncul di Danau Toba", "Tidak ada kapal selam kuning.");
    const q = "kapal selam kuning danau toba";
    expect((await check(q)).map((m) => m.id)).not.toContain(id);
    expect((await publicElsewhere(q)).map((m) => m.id)).not.toContain(id);
    await publish(jatim, id);
    expect((await check(q))[0]?.id).toBe(id);
    expect((await publicElsewhere(q))[0]?.id).toBe(id);
    expect((await publicElsewhere(q, jatim.tenant.id))[0]?.id).toBe(id);
    expect((await publicElsewhere(q, ntt.tenant.id)).map((m) => m.id)).not.toContain(id);
  });

  it("a correction → the new title is shown and the new words find it, the old ones no longer", async () => {
    const id = await draft(jatim, "[HOAKS] Telur palsu dari karet dijual murah", "Telur yang dijual murah itu asli.");
    await publish(jatim, id);
    expect((await publicElsewhere("telur palsu dari karet"))[0]?.id).toBe(id);
    const r = await call(h, "PATCH", `/api/v1/clarifications/${id}`, {
      headers: jatim.auth,
      body: {
        title: "[HOAKS] Gula pasir sintetis dari pabrik kaca",
        body: "Gula pasir yang beredar asli, bukan dari pabrik kaca.",
        correction: "Klaim yang beredar ternyata tentang gula, bukan telur.",
      },
    });
    expect(r.status).toBe(200);
    const found = await publicElsewhere("gula pasir sintetis pabrik kaca");
    expect(found[0]).toMatchObject({ id, title: "[HOAKS] Gula pasir sintetis dari pabrik kaca" });
    expect((await check("gula pasir sintetis pabrik kaca"))[0]?.id).toBe(id);
    expect((await publicElsewhere("telur palsu dari karet")).map((m) => m.id)).not.toContain(id);
  });

  it("withdraw → gone from this process and from another one, at once", async () => {
    const id = await draft(jatim, "[HOAKS] Gerhana bulan merah membawa wabah", "Gerhana bulan tidak membawa wabah.");
    await publish(jatim, id);
    const q = "gerhana bulan merah wabah";
    expect((await check(q))[0]?.id).toBe(id);
    expect((await publicElsewhere(q))[0]?.id).toBe(id);
    const w = await call(h, "POST", `/api/v1/clarifications/${id}/withdraw`, {
      headers: jatim.auth,
      body: { reason: "Ditarik untuk diperiksa ulang" },
    });
    expect(w.status).toBe(200);
    expect((await check(q)).map((m) => m.id)).not.toContain(id);
    expect((await publicElsewhere(q)).map((m) => m.id)).not.toContain(id);
    expect(elsewhere.published).toBe(2);
  });

  it("another clinic's drafts are never found: not publicly, not by this clinic's analysts", async () => {
    const id = await draft(ntt, "Klarifikasi xilofon zebrakorn", "Belum terbit: xilofon zebrakorn di pasar.");
    const q = "xilofon zebrakorn";
    expect(await check(q)).toEqual([]);
    expect(await publicElsewhere(q)).toEqual([]);
    const mine = await call(h, "GET", `/api/v1/clarifications?q=${encodeURIComponent(q)}`, { headers: jatim.auth });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual([]);
    // Its own clinic's analysts find it.
    const theirs = await call(h, "GET", `/api/v1/clarifications?q=${encodeURIComponent(q)}`, { headers: ntt.auth });
    expect(theirs.body.data.map((m: { id: string }) => m.id)).toEqual([id]);
  });

  it("a clinic renamed → its answers carry the new name", async () => {
    await h.db.db
      .updateTable("tenants")
      .set({ display_name: "Diskominfo Jawa Timur" })
      .where("slug", "=", "jatim")
      .execute();
    expect((await publicElsewhere("kapal selam kuning danau toba"))[0]).toMatchObject({
      clinic_name: "Diskominfo Jawa Timur",
    });
  });
});
