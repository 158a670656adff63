// Review UI: server time of the queue page on a clinic with 100k items, and page weight.
//
//   pnpm bench ui                    # 100k items, 200 requests
//   pnpm bench ui --items=20000 --requests=400
//
// Seeds a temporary SQLite file with batched inserts in one transaction (clusters
// inserted directly, 1–5 items each), logs in by session cookie, then times
// app.request() on /antrean with several filters. Goals: p95 ≤ 30 ms, < 100 KB.
import { gzipSync } from "node:zlib";
import type { ItemStatus, Verdict } from "@klinik/core";
import { type ClusterRow, createSession, createTenant, createUser, forClinic, type ItemRow, newId } from "@klinik/db";
import type { createTestDb } from "@klinik/db/testing";
import { benchApp } from "./_app.ts";
import { arg, fakeText, percentile, table } from "./_util.ts";

const VERDICTS: Verdict[] = ["false", "misleading", "true", "unproven"];
const REASONS = JSON.stringify([
  { code: "urgency", label: "Ajakan menyebarkan segera", weight: 1.4 },
  { code: "shortlink", label: "Tautan pendek", weight: 0.9 },
  { code: "caps", label: "Banyak huruf kapital", weight: 0.5 },
]);

export default async function main(args: string[]): Promise<void> {
  const total = arg(args, "items", 100_000);
  const requests = arg(args, "requests", 200);
  const { db, app, close } = await benchApp("ui");
  try {
    const tenant = await createTenant(db.db, { slug: "bench", name: "Klinik Bench", timezone: "Asia/Makassar" });
    const user = await createUser(db.db, {
      tenantId: tenant.id,
      email: "a@bench.test",
      name: "Analis",
      password: "kata-sandi-uji",
      role: "admin",
    });
    const sources = [];
    for (let s = 0; s < 10; s++) {
      sources.push(
        await forClinic(db.db, tenant.id).createSource({
          kind: "rss",
          name: `Sumber ${s}`,
          url: `https://contoh.test/${s}.xml`,
          scheduleSec: 300,
        }),
      );
    }
    const t0 = performance.now();
    const clusters = await seed(
      db.db,
      tenant.id,
      sources.map((s) => s.id),
      total,
    );
    console.log(
      `seeded ${total.toLocaleString()} items in ${clusters.toLocaleString()} clusters in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const { token } = await createSession(db.db, user, 1);
    const headers = { cookie: `kh_sesi=${token}` };
    const combos = [
      "/antrean",
      "/antrean?min=50&max=90",
      `/antrean?sumber=${sources[3]?.id}`,
      "/antrean?status=done&putusan=false",
      "/antrean?q=banjir",
      "/antrean?status=all&dari=2026-01-01&sampai=2026-12-31",
    ];
    for (const path of combos) await app.request(path, { headers }); // warm up
    const times = new Map<string, number[]>(combos.map((c) => [c, []]));
    for (let i = 0; i < requests; i++) {
      const path = combos[i % combos.length] ?? "/antrean";
      const start = performance.now();
      const res = await app.request(path, { headers });
      await res.text();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      times.get(path)?.push(performance.now() - start);
    }
    const all = [...times.values()].flat().sort((a, b) => a - b);
    const rows: (string | number)[][] = [["filter", "n", "p50 ms", "p95 ms"]];
    for (const [path, t] of times) {
      t.sort((a, b) => a - b);
      rows.push([path.replace(/sumber=[^&]+/, "sumber=<id>"), t.length, percentile(t, 50), percentile(t, 95)]);
    }
    rows.push(["all", all.length, percentile(all, 50), percentile(all, 95)]);
    console.log(table(rows));

    const html = await (await app.request("/antrean", { headers })).text();
    const css = await (await app.request("/static/app.css")).text();
    const js = await (await app.request("/static/app.js")).text();
    const kb = (s: string) => Buffer.byteLength(s) / 1024;
    const gz = (s: string) => gzipSync(s).length / 1024;
    console.log(
      table([
        ["asset", "KB", "KB gzip"],
        ["queue HTML (50 rows)", kb(html), gz(html)],
        ["app.css", kb(css), gz(css)],
        ["app.js", kb(js), gz(js)],
        ["total", kb(html) + kb(css) + kb(js), gz(html) + gz(css) + gz(js)],
      ]),
    );
    const p95 = percentile(all, 95);
    const weight = kb(html) + kb(css) + kb(js);
    console.log(
      `goal p95 ≤ 30 ms: ${p95 <= 30 ? "met" : "MISSED"} (${p95.toFixed(1)} ms); goal < 100 KB: ${weight < 100 ? "met" : "MISSED"} (${weight.toFixed(1)} KB)`,
    );
  } finally {
    await close();
  }
}

/** Items in clusters of 1–5, inserted in batches inside one transaction. */
export async function seed(
  db: Awaited<ReturnType<typeof createTestDb>>["db"],
  tenantId: string,
  sourceIds: string[],
  total: number,
) {
  let x = 42;
  const rand = () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
  const start = Date.parse("2026-01-01T00:00:00Z");
  const span = Date.parse("2026-11-20T00:00:00Z") - start;
  let clusterCount = 0;
  await db.transaction().execute(async (tx) => {
    let items: ItemRow[] = [];
    let clusters: ClusterRow[] = [];
    const flush = async () => {
      for (let i = 0; i < items.length; i += 1000)
        await tx
          .insertInto("items")
          .values(items.slice(i, i + 1000))
          .execute();
      for (let i = 0; i < clusters.length; i += 2000) {
        await tx
          .insertInto("clusters")
          .values(clusters.slice(i, i + 2000))
          .execute();
      }
      items = [];
      clusters = [];
    };
    let n = 0;
    while (n < total) {
      const size = Math.min(total - n, 1 + Math.floor(rand() * rand() * 5));
      const clusterId = newId();
      const r = rand();
      const status: ItemStatus = r < 0.55 ? "done" : r < 0.65 ? "dismissed" : r < 0.68 ? "in_review" : "new";
      const verdict = status === "done" ? (VERDICTS[Math.floor(rand() * 4)] ?? "false") : null;
      const first = new Date(start + rand() * span);
      const last = new Date(first.getTime() + rand() * 3 * 86400_000);
      let max = 0;
      let rep = "";
      for (let m = 0; m < size; m++, n++) {
        const id = newId();
        const score = Math.round(rand() * 1000) / 1000;
        if (score >= max) {
          max = score;
          rep = rep || id;
        }
        if (m === 0) rep = id;
        const at = new Date(first.getTime() + m * 60_000).toISOString();
        items.push({
          id,
          tenant_id: tenantId,
          source_id: sourceIds[Math.floor(rand() * sourceIds.length)] ?? null,
          report_id: null,
          dedup_key: `bench:${n}`,
          external_id: null,
          url: `https://contoh.test/berita/${n}`,
          title: m === 0 ? fakeText(n, 10) : null,
          text: fakeText(n, 60),
          author: null,
          published_at: at,
          content_hash: `h${n}`,
          score,
          reasons: REASONS,
          model_version: "bench",
          status,
          cluster_id: clusterId,
          scored_at: at,
          created_at: at,
          updated_at: at,
        });
      }
      clusters.push({
        id: clusterId,
        tenant_id: tenantId,
        representative_item_id: rep,
        size,
        first_seen_at: first.toISOString(),
        last_seen_at: last.toISOString(),
        max_score: max,
        status,
        verdict,
        claimed_by: null,
        claimed_until: status === "in_review" ? last.toISOString() : null,
        created_at: first.toISOString(),
        updated_at: last.toISOString(),
      });
      clusterCount++;
      if (items.length >= 20_000) await flush();
    }
    await flush();
  });
  return clusterCount;
}
