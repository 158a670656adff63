/**
 * Claims with known timestamps for the statistics tests: items of each kind,
 * verdicts and clarifications at chosen instants, so medians and p90s can be
 * checked against values worked out by hand (see {@link STATS_EXPECTED}).
 */
import type { Verdict } from "@klinik/core";
import { createTenant, newUserRow, type Tenant } from "./admin.repository.ts";
import { forClinic } from "./clinic.ts";
import type { Db } from "./connect.ts";
import { newItemRow } from "./repositories/items.repository.ts";
import { newId } from "./util.ts";

export interface FixtureClaim {
  /** Items, each at an instant, by kind ("rss", "report" or "api"). */
  items: { at: string; kind: "rss" | "report" | "api"; text?: string }[];
  verdict?: { at: string; verdict: Verdict; again?: string };
  clarification?: { at: string; title: string; status?: "published" | "draft" };
}

/** Inserts one claim of `tenantId` exactly as described; answers the cluster's id. */
export async function seedClaimAt(db: Db, tenantId: string, userId: string, spec: FixtureClaim): Promise<string> {
  const clusterId = newId();
  let sourceId: string | null = null;
  const itemIds: string[] = [];
  for (const [n, it] of spec.items.entries()) {
    let reportId: string | null = null;
    if (it.kind === "rss" && !sourceId) {
      const url = `https://contoh.test/${newId()}.xml`;
      sourceId = (await forClinic(db, tenantId).createSource({ kind: "rss", name: "Feed", url, scheduleSec: 300 })).id;
    }
    const text = it.text ?? `Klaim ${clusterId.slice(0, 8)} pesan ${n}`;
    if (it.kind === "report") {
      reportId = newId();
      await db
        .insertInto("reports")
        .values({ id: reportId, tenant_id: tenantId, text, url: null, contact: "0812-rahasia", received_at: it.at })
        .execute();
    }
    const row = newItemRow(
      {
        tenantId,
        sourceId: it.kind === "rss" ? sourceId : null,
        reportId,
        dedupKey: `fixture:${newId()}`,
        externalId: null,
        url: null,
        title: null,
        text,
        author: null,
        publishedAt: null,
      },
      it.at,
    );
    await db
      .insertInto("items")
      .values({ ...row, status: spec.verdict ? "done" : "new", cluster_id: clusterId, score: 0.9 })
      .execute();
    itemIds.push(row.id);
  }
  const first = spec.items.map((i) => i.at).sort()[0] ?? new Date().toISOString();
  await db
    .insertInto("clusters")
    .values({
      id: clusterId,
      tenant_id: tenantId,
      representative_item_id: itemIds[0] ?? "",
      size: itemIds.length,
      first_seen_at: first,
      last_seen_at: first,
      max_score: 0.9,
      status: spec.verdict ? "done" : "new",
      verdict: spec.verdict?.verdict ?? null,
      claimed_by: null,
      claimed_until: null,
      created_at: first,
      updated_at: first,
    })
    .execute();
  if (spec.verdict) {
    const v = spec.verdict;
    for (const at of [v.at, ...(v.again ? [v.again] : [])]) {
      await db
        .insertInto("verdicts")
        .values(
          itemIds.map((item_id) => ({
            id: newId(),
            tenant_id: tenantId,
            item_id,
            user_id: userId,
            verdict: v.verdict,
            note: null,
            created_at: at,
          })),
        )
        .execute();
    }
  }
  if (spec.clarification) {
    const c = spec.clarification;
    const id = newId();
    const published = (c.status ?? "published") === "published";
    await db
      .insertInto("clarifications")
      .values({
        id,
        tenant_id: tenantId,
        title: c.title,
        body: "Penjelasan",
        verdict: spec.verdict?.verdict ?? "false",
        status: published ? "published" : "draft",
        created_by: userId,
        created_at: c.at,
        published_at: published ? c.at : null,
        submitted_by: null,
        published_by: published ? userId : null,
      })
      .execute();
    await db
      .insertInto("clarification_items")
      .values(itemIds.map((item_id) => ({ clarification_id: id, item_id, tenant_id: tenantId })))
      .execute();
  }
  return clusterId;
}

export interface StatsFixture {
  province: Tenant;
  /** Regencies of the province. */
  a: Tenant;
  b: Tenant;
  /** A clinic of another province. */
  z: Tenant;
  users: Record<"province" | "a" | "b" | "z", string>;
  claims: Record<"c1" | "c2" | "c5" | "c8", string>;
}

/**
 * Four clinics (WIB): province `prov` with regencies `a` and `b`, and `z` of
 * another province. The period 2026-11-01 … 2026-11-07 (local days) holds the
 * figures of {@link STATS_EXPECTED}.
 */
export async function seedStatsFixture(db: Db, prefix = "st"): Promise<StatsFixture> {
  const province = await createTenant(db, {
    slug: `${prefix}-prov`,
    name: "Provinsi Uji",
    kind: "province",
    regionCode: "32",
  });
  const child = (s: string, code: string) =>
    createTenant(db, {
      slug: `${prefix}-${s}`,
      name: `Kabupaten ${s.toUpperCase()}`,
      kind: "regency",
      regionCode: code,
      parentId: province.id,
    });
  const a = await child("a", "32.01");
  const b = await child("b", "32.02");
  const z = await createTenant(db, { slug: `${prefix}-z`, name: "Provinsi Lain", kind: "province", regionCode: "33" });
  const users = {} as StatsFixture["users"];
  for (const [k, t] of Object.entries({ province, a, b, z }) as [keyof StatsFixture["users"], Tenant][]) {
    const u = newUserRow({ tenantId: t.id, email: `${k}@${prefix}.test`, name: k, role: "admin" }, "x");
    await db.insertInto("users").values(u).execute();
    users[k] = u.id;
  }
  const seed = (t: Tenant, u: string, spec: FixtureClaim) => seedClaimAt(db, t.id, u, spec);
  const c1 = await seed(a, users.a, {
    items: [
      { at: "2026-11-02T01:00:00.000Z", kind: "rss", text: 'Vaksin berisi chip =HYPERLINK("x")' },
      { at: "2026-11-02T02:00:00.000Z", kind: "rss" },
      // 01:30 WIB on 3 November.
      { at: "2026-11-02T18:30:00.000Z", kind: "rss" },
    ],
    verdict: { at: "2026-11-02T03:00:00.000Z", verdict: "false", again: "2026-11-06T00:00:00.000Z" },
    clarification: { at: "2026-11-02T07:00:00.000Z", title: "Hoaks: vaksin berisi <chip>" },
  });
  const c2 = await seed(a, users.a, {
    items: [
      { at: "2026-11-03T00:00:00.000Z", kind: "report" },
      { at: "2026-11-03T05:00:00.000Z", kind: "api" },
    ],
    verdict: { at: "2026-11-03T04:00:00.000Z", verdict: "misleading" },
    // A title a spreadsheet would run as a formula.
    clarification: { at: "2026-11-04T00:00:00.000Z", title: '=HYPERLINK("https://jahat.test","bansos")' },
  });
  await seed(a, users.a, {
    items: [{ at: "2026-11-04T10:00:00.000Z", kind: "rss" }],
    verdict: { at: "2026-11-05T10:00:00.000Z", verdict: "true" },
  });
  await seed(a, users.a, {
    items: [{ at: "2026-11-05T00:00:00.000Z", kind: "report", text: "Rahasia belum diklarifikasi" }],
    verdict: { at: "2026-11-05T00:30:00.000Z", verdict: "false" },
    clarification: { at: "2026-11-05T01:00:00.000Z", title: "Draf belum terbit", status: "draft" },
  });
  const c5 = await seed(a, users.a, {
    items: [
      { at: "2026-11-06T00:00:00.000Z", kind: "rss" },
      { at: "2026-11-06T01:00:00.000Z", kind: "rss" },
    ],
  });
  // Before the period: neither its items nor its verdict count, nor its verdict given again inside it.
  await seed(a, users.a, {
    items: [{ at: "2026-10-20T00:00:00.000Z", kind: "rss" }],
    verdict: { at: "2026-10-21T00:00:00.000Z", verdict: "false", again: "2026-11-03T00:00:00.000Z" },
  });
  // 23:59 and 00:00 WIB on the first local day: only the second counts.
  await seed(a, users.a, {
    items: [
      { at: "2026-10-31T16:59:00.000Z", kind: "rss" },
      { at: "2026-10-31T17:00:00.000Z", kind: "rss" },
    ],
  });
  const c8 = await seed(b, users.b, {
    items: Array.from({ length: 5 }, (_, i) => ({ at: `2026-11-03T0${3 + i}:00:00.000Z`, kind: "rss" as const })),
    verdict: { at: "2026-11-03T03:30:00.000Z", verdict: "false" },
  });
  await seed(z, users.z, { items: [{ at: "2026-11-02T05:00:00.000Z", kind: "report" }] });
  return { province, a, b, z, users, claims: { c1, c2, c5, c8 } };
}

/** Figures of the fixture for 2026-11-01 … 2026-11-07 (WIB), worked out by hand. */
export const STATS_EXPECTED = {
  a: {
    items: 10,
    byKind: { rss: 7, report: 2, api: 1 },
    byVerdict: { false: 4, misleading: 2, true: 1, none: 3 },
    perDay: { "2026-11-01": 1, "2026-11-02": 2, "2026-11-03": 3, "2026-11-04": 1, "2026-11-05": 1, "2026-11-06": 2 },
    decided: { false: 2, misleading: 1, true: 1 },
    clarified: 2,
    clarifiedPerDay: { "2026-11-02": 1, "2026-11-04": 1 },
    // 1800, 7200, 14400, 86400 s: median (7200 + 14400) / 2, p90 the 4th.
    toVerdict: { n: 4, median: 10_800, p90: 86_400 },
    // 21600, 86400 s.
    toClarification: { n: 2, median: 54_000, p90: 86_400 },
  },
  b: { items: 5, toVerdict: { n: 1, median: 1_800, p90: 1_800 } },
  // a and b: 1800, 1800, 7200, 14400, 86400 s.
  province: { items: 15, toVerdict: { n: 5, median: 7_200, p90: 86_400 } },
  instance: { items: 16 },
} as const;
