import { createSession, createTenant, createUser, forClinic, listAudit, newId, type Tenant } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { seedClaim } from "./ui/support.ts";

/**
 * The audit trail: every use case leaves its row (who, which clinic, what, on
 * what, before/after, from where); who reads which part; filters, paging and the
 * CSV export, through the API and the UI.
 */

const ADDRESS = "203.0.113.7";

type Person = Awaited<ReturnType<typeof personIn>>;

async function personIn(
  h: Harness,
  tenant: Tenant,
  email: string,
  role: "admin" | "analyst" | "publisher" | "viewer",
  operator = false,
) {
  const user = await createUser(h.db.db, {
    tenantId: tenant.id,
    email,
    name: email,
    password: "kata-sandi-uji",
    role,
    operator,
  });
  const { token } = await createSession(h.db.db, user, 1);
  // Through a proxy the API trusts (TRUST_PROXY=true): the trail records the client's address.
  const auth = { authorization: `Bearer ${token}`, "x-forwarded-for": ADDRESS };
  const cookie = `kh_sesi=${token}`;
  const page = await (await h.app.request("/klarifikasi", { headers: { cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? "";
  return { user, auth, cookie, csrf };
}

function postUi(h: Harness, p: Person, path: string, fields: [string, string][]) {
  return h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: p.cookie, "x-forwarded-for": ADDRESS },
    body: new URLSearchParams([["_csrf", p.csrf], ...fields]),
    redirect: "manual",
  });
}

/** A minimal RFC 4180 reader: what a spreadsheet sees. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

async function csvOf(res: Response) {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { bytes, text, rows: parseCsv(text.replace(/^\uFEFF/, "")) };
}

describe.each(DIALECTS)("audit trail on %s", (dialect) => {
  let h: Harness;
  let provA: Tenant;
  let a1: Tenant;
  let a2: Tenant;
  let provB: Tenant;
  let b1: Tenant;
  let people: Record<"adminA" | "adminA1" | "analystA1" | "publisherA1" | "viewerA1" | "adminB1" | "operator", Person>;

  beforeAll(async () => {
    h = await createHarness({ TRUST_PROXY: "true" }, dialect);
    const demo = await createTenant(h.db.db, { slug: "demo", name: "Demo" });
    provA = await createTenant(h.db.db, { slug: "jabar", name: "Jawa Barat", kind: "province", regionCode: "32" });
    const regency = (slug: string, name: string, parent: Tenant, code: string) =>
      createTenant(h.db.db, { slug, name, kind: "regency", parentId: parent.id, regionCode: code });
    a1 = await regency("kab-bogor", "Kabupaten Bogor", provA, "32.01");
    a2 = await regency("kab-sukabumi", "Kabupaten Sukabumi", provA, "32.02");
    provB = await createTenant(h.db.db, { slug: "jatim", name: "Jawa Timur", kind: "province", regionCode: "35" });
    b1 = await regency("kab-pacitan", "Kabupaten Pacitan", provB, "35.01");
    people = {
      adminA: await personIn(h, provA, "admin@jabar.test", "admin"),
      adminA1: await personIn(h, a1, "admin@bogor.test", "admin"),
      analystA1: await personIn(h, a1, "ana@bogor.test", "analyst"),
      publisherA1: await personIn(h, a1, "penerbit@bogor.test", "publisher"),
      viewerA1: await personIn(h, a1, "kepala@bogor.test", "viewer"),
      adminB1: await personIn(h, b1, "admin@pacitan.test", "admin"),
      operator: await personIn(h, demo, "operator@demo.test", "admin", true),
    };
  });
  afterAll(async () => h?.close());

  const trailOf = async (tenant: Tenant) => listAudit(h.db.db, { clinics: [tenant.id], limit: 200 });

  it("records every use case with who, which clinic, what, on what, before/after and the address", async () => {
    const ana = people.analystA1;
    const [k1, k2, k3, k4] = await Promise.all(
      ["Vaksin berisi chip", "Bantuan tunai palsu", "Gempa susulan hoaks", "Lowongan BUMN palsu"].map((text, i) =>
        seedClaim(h, a1.id, { text: `${text} ${i}`, score: 0.9 - i / 100 }),
      ),
    );
    if (!k1 || !k2 || !k3 || !k4) throw new Error("claims");
    const api = (method: string, path: string, body?: unknown, who = ana) =>
      call(h, method, path, { headers: who.auth, ...(body ? { body } : {}) });

    expect((await api("POST", `/api/v1/clusters/${k1.clusterId}/claim`)).status).toBe(200);
    expect((await api("POST", `/api/v1/clusters/${k1.clusterId}/claim`)).status).toBe(200);
    expect((await api("POST", `/api/v1/clusters/${k1.clusterId}/release`)).status).toBe(200);
    // Giving back a claim one does not hold changes nothing, and records nothing.
    expect((await api("POST", `/api/v1/clusters/${k1.clusterId}/release`)).status).toBe(200);
    expect(
      (await api("POST", `/api/v1/clusters/${k1.clusterId}/verdict`, { verdict: "false", note: "hoaks" })).status,
    ).toBe(201);
    expect((await api("POST", `/api/v1/items/${k2.itemIds[0]}/verdict`, { verdict: "misleading" })).status).toBe(201);
    expect((await postUi(h, ana, `/klaster/${k3.clusterId}/catatan`, [["isi", "Cek ke BMKG"]])).status).toBe(303);
    const bulk = await postUi(h, ana, "/antrean/massal", [
      ["aksi", "dismiss"],
      ["ids", k3.clusterId],
      ["ids", k4.clusterId],
    ]);
    expect(bulk.status).toBe(303);
    const draft = await api("POST", "/api/v1/clarifications", {
      title: "Vaksin tidak berisi chip",
      body: "Penjelasan",
      verdict: "false",
      itemIds: k1.itemIds,
    });
    expect(draft.status).toBe(201);
    expect((await api("POST", `/api/v1/clarifications/${draft.body.id}/publish`)).status).toBe(200);
    const admin = people.adminA1;
    const src = await api(
      "POST",
      "/api/v1/sources",
      { kind: "rss", name: "Portal", url: "https://contoh.test/a.xml" },
      admin,
    );
    expect(src.status).toBe(201);
    expect((await api("POST", `/api/v1/sources/${src.body.id}/pause`, undefined, admin)).status).toBe(200);
    expect((await api("POST", `/api/v1/sources/${src.body.id}/resume`, undefined, admin)).status).toBe(200);
    const leaving = await personIn(h, a1, "pergi@bogor.test", "analyst");
    expect((await api("POST", "/api/v1/auth/logout", undefined, leaving)).status).toBe(200);

    const rows = await trailOf(a1);
    const by = (action: string) => rows.filter((r) => r.action === action);
    const expected: [string, string, string | null, number][] = [
      ["claim.take", ana.user.email, k1.clusterId, 1],
      ["claim.extend", ana.user.email, k1.clusterId, 1],
      ["claim.release", ana.user.email, k1.clusterId, 1],
      ["claim.verdict", ana.user.email, k1.clusterId, 1],
      ["item.verdict", ana.user.email, k2.itemIds[0] ?? "", 1],
      ["note.add", ana.user.email, k3.clusterId, 1],
      ["claim.bulk", ana.user.email, null, 1],
      ["clarification.create", ana.user.email, draft.body.id, 1],
      ["clarification.publish", ana.user.email, draft.body.id, 1],
      ["source.add", admin.user.email, src.body.id, 1],
      ["source.pause", admin.user.email, src.body.id, 1],
      ["source.resume", admin.user.email, src.body.id, 1],
    ];
    expect(by("auth.logout")[0]).toMatchObject({ actor_label: leaving.user.email, address: ADDRESS });
    for (const [action, email, target, n] of expected) {
      const found = by(action);
      expect([action, found.length]).toEqual([action, n]);
      expect(found[0]).toMatchObject({ tenant_id: a1.id, actor_label: email, address: ADDRESS, target_id: target });
      expect(Date.now() - Date.parse(found[0]?.created_at ?? "")).toBeLessThan(60_000);
    }
    const summary = (action: string) => JSON.parse(by(action)[0]?.summary ?? "null");
    expect(summary("claim.verdict")).toMatchObject({
      before: { status: "new", verdict: null },
      after: { status: "done", verdict: "false" },
      note: "hoaks",
    });
    expect(summary("claim.bulk")).toMatchObject({ kind: "dismiss", requested: 2, applied: 2, skipped: 0 });
    expect(summary("claim.bulk").clusterIds.sort()).toEqual([k3.clusterId, k4.clusterId].sort());
    expect(summary("source.pause")).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    expect(summary("clarification.publish")).toMatchObject({
      before: { status: "draft" },
      after: { status: "published" },
    });
    // Nothing of this clinic's leaked into another's trail.
    expect(await trailOf(a2)).toEqual([]);
  });

  describe("who reads which part", () => {
    beforeAll(async () => {
      for (const [t, p] of [
        [a2, "a2@x.test"],
        [b1, "b1@x.test"],
        [provA, "prov@x.test"],
      ] as const) {
        await forClinic(h.db.db, t.id).recordAudit({ actorId: null, actorLabel: p, action: "note.add" });
      }
    });

    const clinicsIn = async (who: Person, query = "") => {
      const ids = new Set<string | null>();
      for (let cursor = ""; ; ) {
        const r = await call(h, "GET", `/api/v1/audit?limit=200${query}${cursor ? `&cursor=${cursor}` : ""}`, {
          headers: who.auth,
        });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        for (const row of r.body.data) ids.add(row.clinic?.id ?? null);
        if (!r.body.nextCursor) return ids;
        cursor = r.body.nextCursor;
      }
    };

    it("shows a regency's admin their clinic's rows only", async () => {
      expect(await clinicsIn(people.adminA1)).toEqual(new Set([a1.id]));
      expect((await call(h, "GET", `/api/v1/audit?clinic=${a2.slug}`, { headers: people.adminA1.auth })).status).toBe(
        404,
      );
    });

    it("shows a province's admin its own and its regencies' rows, not another province's", async () => {
      expect(await clinicsIn(people.adminA)).toEqual(new Set([provA.id, a1.id, a2.id]));
      expect(await clinicsIn(people.adminA, `&clinic=${a2.slug}`)).toEqual(new Set([a2.id]));
      expect(await clinicsIn(people.adminA, `&clinic=${a1.id}`)).toEqual(new Set([a1.id]));
      const foreign = await call(h, "GET", `/api/v1/audit?clinic=${b1.slug}`, { headers: people.adminA.auth });
      expect([foreign.status, foreign.body.error.code]).toEqual([404, "not_found"]);
    });

    it("shows the operator every clinic's rows", async () => {
      const all = await clinicsIn(people.operator);
      for (const t of [provA, a1, a2, b1]) expect(all.has(t.id)).toBe(true);
      expect(await clinicsIn(people.operator, `&clinic=${b1.slug}`)).toEqual(new Set([b1.id]));
    });

    it("refuses analysts, publishers and viewers (403), in the API and the UI", async () => {
      for (const who of [people.analystA1, people.publisherA1, people.viewerA1]) {
        for (const path of ["/api/v1/audit", "/api/v1/audit.csv"]) {
          const r = await call(h, "GET", path, { headers: who.auth });
          expect([path, r.status, r.body.error?.code]).toEqual([path, 403, "forbidden"]);
        }
        for (const path of ["/audit", "/audit.csv"]) {
          expect((await h.app.request(path, { headers: { cookie: who.cookie } })).status).toBe(403);
        }
      }
    });
  });

  describe("filters, paging and export (regency A2)", () => {
    const at = (day: string) => `${day}T18:30:00.000Z`; // 01:30 WIB the next day
    beforeAll(async () => {
      const rows = [
        ["claim.verdict", "ana@sukabumi.test", "u-ana", at("2026-01-10")],
        ["claim.verdict", "budi@sukabumi.test", "u-budi", at("2026-01-11")],
        ["note.add", "ana@sukabumi.test", "u-ana", at("2026-01-12")],
        ["claim.take", "ana@sukabumi.test", "u-ana", at("2026-01-13")],
        ["claim.verdict", "ana@sukabumi.test", "u-ana", at("2026-01-14")],
        ["source.add", "admin@sukabumi.test", "u-admin", at("2026-01-15")],
        ["claim.release", "budi@sukabumi.test", "u-budi", at("2026-01-16")],
      ] as const;
      // Inserted in time order, so seq and time agree (rows are only ever appended).
      await h.db.db
        .insertInto("audit_log")
        .values(
          rows.map(([action, label, actor, when]) => ({
            id: newId(),
            tenant_id: a2.id,
            actor_id: actor,
            actor_label: label,
            action,
            target_type: "cluster",
            target_id: newId(),
            summary: JSON.stringify({ note: `${action} ${when}` }),
            address: "198.51.100.1",
            created_at: when,
          })),
        )
        .execute();
    });
    const list = async (query: string) => {
      const r = await call(h, "GET", `/api/v1/audit?clinic=${a2.slug}${query}`, { headers: people.adminA.auth });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as {
        data: { action: string; actor: { label: string }; createdAt: string }[];
        nextCursor: string | null;
      };
    };

    it("filters by action, by person (email or id) and by days in the clinic's timezone", async () => {
      expect((await list("&action=claim.verdict")).data.map((r) => r.actor.label)).toEqual([
        "ana@sukabumi.test",
        "budi@sukabumi.test",
        "ana@sukabumi.test",
      ]);
      expect((await list("&actor=BUDI@sukabumi.test")).data.map((r) => r.action)).toEqual([
        "claim.release",
        "claim.verdict",
      ]);
      expect((await list("&actor=u-admin")).data.map((r) => r.action)).toEqual(["source.add"]);
      // 2026-01-10T18:30Z is 11 January 01:30 in Jakarta: it belongs to the 11th there.
      const day = await list("&from=2026-01-11&to=2026-01-11");
      expect(day.data.map((r) => r.createdAt)).toEqual([at("2026-01-10")]);
      const range = await list("&from=2026-01-12&to=2026-01-14&action=claim.verdict");
      expect(range.data.map((r) => r.createdAt)).toEqual([at("2026-01-11")]);
      const moment = await list(`&from=${encodeURIComponent("2026-01-15T00:00:00+07:00")}&to=2026-02-01`);
      expect(moment.data.map((r) => r.action)).toEqual(["claim.release", "source.add", "claim.verdict"]);
      for (const bad of ["&from=yesterday", "&action=DROP TABLE", "&limit=201", "&cursor=abc"]) {
        const r = await call(h, "GET", `/api/v1/audit?${bad}`, { headers: people.adminA.auth });
        expect([bad, r.status, r.body.error.code]).toEqual([bad, 400, "invalid_request"]);
      }
    });

    it("pages newest first with an opaque cursor, each row once", async () => {
      const seen: string[] = [];
      let cursor = "";
      for (let i = 0; i < 5; i++) {
        const page = await list(`&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...page.data.map((r) => r.createdAt));
        if (!page.nextCursor) break;
        expect(page.data).toHaveLength(3);
        cursor = page.nextCursor;
      }
      const expected = ["16", "15", "14", "13", "12", "11", "10"].map((d) => at(`2026-01-${d}`));
      expect(seen.filter((s) => s.startsWith("2026-01"))).toEqual(expected);
    });

    it("exports a CSV a spreadsheet opens: BOM, header, CRLF, quoting, no formulas, a file name", async () => {
      const clinic = forClinic(h.db.db, a2.id);
      await clinic.recordAudit({
        actorId: null,
        actorLabel: '=HYPERLINK("http://jahat.test","klik")',
        action: "note.add",
      });
      await clinic.recordAudit({
        actorId: null,
        actorLabel: "ana@sukabumi.test",
        action: "note.add",
        summary: { note: 'Cek, "sumber"\nbaris dua' },
      });
      const res = await h.app.request(`/api/v1/audit.csv?clinic=${a2.slug}`, { headers: people.adminA.auth });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(
        /^attachment; filename="audit-kab-sukabumi-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const { bytes, text, rows } = await csvOf(res);
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(text.split("\r\n").length).toBe(rows.length + 1);
      expect(rows[0]).toEqual([
        "Time (Asia/Jakarta)",
        "Time (UTC)",
        "Clinic",
        "Actor",
        "Actor id",
        "Action",
        "Action code",
        "Target type",
        "Target id",
        "Summary",
        "Address",
      ]);
      const [quoted, formula] = rows.slice(1, 3);
      expect(formula?.[3]).toBe('\'=HYPERLINK("http://jahat.test","klik")');
      expect(quoted?.[9]).toBe('note: Cek, "sumber"\nbaris dua');
      expect(text).toContain('"note: Cek, ""sumber""\nbaris dua"');
      expect(rows.slice(1).every((r) => r.length === 11 && r[2] === a2.slug)).toBe(true);
      // Filters apply to the export as to the list.
      const verdicts = await csvOf(
        await h.app.request(`/api/v1/audit.csv?clinic=${a2.slug}&action=claim.verdict`, {
          headers: people.adminA.auth,
        }),
      );
      expect(verdicts.rows.slice(1).map((r) => r[6])).toEqual(["claim.verdict", "claim.verdict", "claim.verdict"]);
      expect(verdicts.rows[1]?.[0]).toBe("2026-01-15 01:30:00");
    });

    it("exports a trail larger than one read in full, page by page", async () => {
      const big = await createTenant(h.db.db, {
        slug: "kab-besar",
        name: "Kabupaten Besar",
        parentId: provA.id,
        kind: "regency",
      });
      for (let b = 0; b < 4; b++) {
        await h.db.db
          .insertInto("audit_log")
          .values(
            Array.from({ length: 300 }, (_, i) => ({
              id: newId(),
              tenant_id: big.id,
              actor_id: null,
              actor_label: `orang${b * 300 + i}@besar.test`,
              action: "note.add",
              target_type: null,
              target_id: null,
              summary: null,
              address: null,
              created_at: new Date(Date.UTC(2026, 0, 1) + (b * 300 + i) * 1000).toISOString(),
            })),
          )
          .execute();
      }
      const { rows } = await csvOf(
        await h.app.request(`/api/v1/audit.csv?clinic=kab-besar`, { headers: people.adminA.auth }),
      );
      expect(rows.length).toBe(1 + 1200);
      expect(rows[1]?.[3]).toBe("orang1199@besar.test");
      expect(rows[1200]?.[3]).toBe("orang0@besar.test");
      expect(new Set(rows.slice(1).map((r) => r[3])).size).toBe(1200);
    });
  });

  describe("the /audit page", () => {
    it("shows the trail with labels, filters, paging and a CSV link with the same filters, escaping what people wrote", async () => {
      await forClinic(h.db.db, a1.id).recordAudit({
        actorId: null,
        actorLabel: "<img src=x onerror=alert(1)>",
        action: "note.add",
        summary: { excerpt: "<script>alert(1)</script>" },
      });
      const res = await h.app.request("/audit?aksi=note.add", { headers: { cookie: people.adminA1.cookie } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Jejak audit");
      expect(html).toContain("Menambah catatan");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).not.toContain("<img src=x");
      expect(html).toContain('href="/audit.csv?aksi=note.add"');
      expect(html).toContain('<option value="note.add" selected="">');
      // A regency sees no clinic choice; a province picks among its regencies.
      expect(html).not.toContain('name="klinik"');
      const prov = await (await h.app.request("/audit", { headers: { cookie: people.adminA.cookie } })).text();
      expect(prov).toContain('name="klinik"');
      expect(prov).toContain("Kabupaten Sukabumi");
      expect(prov).not.toContain("Kabupaten Pacitan");
      expect(prov).toContain('href="/audit"');
      // Filters that cannot be used: the page says why instead of failing.
      const bad = await h.app.request("/audit?dari=kemarin", { headers: { cookie: people.adminA.cookie } });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain("Isian tidak valid");
    });

    it("downloads the CSV in the reader's language with the page's filters", async () => {
      const res = await h.app.request(`/audit.csv?klinik=${a2.slug}&aksi=claim.verdict`, {
        headers: { cookie: people.adminA.cookie },
      });
      expect(res.status).toBe(200);
      const { rows } = await csvOf(res);
      expect(rows[0]?.[0]).toBe("Waktu (WIB)");
      expect(rows.slice(1).map((r) => r[5])).toEqual([
        "Putusan atas klaim",
        "Putusan atas klaim",
        "Putusan atas klaim",
      ]);
    });

    it("pages on with the filters kept", async () => {
      const first = await (
        await h.app.request(`/audit?klinik=${a2.slug}`, { headers: { cookie: people.adminA.cookie } })
      ).text();
      expect(first).not.toContain('rel="next"');
      const many = await (
        await h.app.request("/audit?klinik=kab-besar", { headers: { cookie: people.adminA.cookie } })
      ).text();
      const next = /href="(\/audit\?klinik=kab-besar&amp;kursor=[^"]+)" rel="next"/.exec(many)?.[1];
      expect(next).toBeDefined();
      const second = await (
        await h.app.request((next ?? "").replaceAll("&amp;", "&"), { headers: { cookie: people.adminA.cookie } })
      ).text();
      expect(second).toContain("orang1149@besar.test");
      expect(second).not.toContain("orang1199@besar.test");
    });
  });
});
