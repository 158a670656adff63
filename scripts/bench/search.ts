// Search: is a retold hoax's clarification in the top 3, and how fast does the
// public check answer over HTTP, among 10,000 published clarifications?
//
//   pnpm bench search                       # SQLite, and Postgres when TEST_POSTGRES_URL is set
//   pnpm bench search --seconds=8 --rate=100 --connections=10,50 --passes=3 --rate-limit=1000000
//   pnpm bench search --sqlite-file=/tmp/s.sqlite --pg-schema=bench_search   # seed once, reuse after
//   pnpm bench search --paths=memory                                         # without the fts path
//
// Seeds a database per dialect with the clarified hoaxes of packages/search/fixtures
// and generated distractor clarifications (10 clinics, each linked to its claim as an
// item, published through the repositories) — or reuses one seeded before (named by
// --sqlite-file / --pg-schema; seeding 10,000 on Postgres takes minutes). Then, per
// dialect and per path, a child process serves the API app (createApp over HTTP, real
// Redis) with its search warmed, and this process asks:
//   cold: every shipped retelling once, one at a time (`POST /api/v1/public/{slug}/check`);
//   warm: the passes after; top 3 counted on every pass;
//   load: requests arriving on their own at --rate per second on average (Poisson, each
//         latency from when it was due: `openLoad` in _http-load.ts) over at most 10 and
//         50 connections; autocannon's --rate over 50 connections as the figures before
//         were taken (each connection's share of a second sent at once: bursts of 50, see
//         `openLoad`); then autocannon's 50 connections as fast as they can (throughput;
//         there latency is queueing); retellings in turn.
// The per-address rate limit is on, as in production: every check takes its two Redis
// counters. All requests come from one address, so the limit is --rate-limit per minute
// (default 1,000,000, the most the config takes: far above what a run sends; 0 turns it off).
// In the same run: the search alone in this process (no HTTP), and a bare Hono
// handler over HTTP under the same loads (the floor the machine puts under any answer).
// Paths side by side: `memory` (the per-process published index, what `pnpm start`
// runs) and `fts` (each check asks the full-text index, the path before it).
// Memory of the index (heap after GC, index + claim signatures) is measured here.
// Goals: top 3 ≥ 90%; check p99 ≤ 50 ms.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ClarificationMatcher } from "@klinik/claims";
import { type DbHandle, migrateToLatest, openDb } from "@klinik/db";
import { createTestDb, testPostgresUrl } from "@klinik/db/testing";
import { ClarificationSearch } from "@klinik/search";
import { type Retelling, retellings, seedSearchCorpus } from "@klinik/search/fixtures";
import autocannon from "autocannon";
import { sql } from "kysely";
import { openLoad, startBenchServer } from "./_http-load.ts";
import { arg, percentile, table } from "./_util.ts";

type Dialect = "sqlite" | "postgres";
const PATHS = ["memory", "fts"] as const;
const text = (args: string[], name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) || undefined;

export default async function main(args: string[]): Promise<void> {
  const count = arg(args, "clarifications", 10_000);
  const passes = arg(args, "passes", 3);
  const seconds = arg(args, "seconds", 8);
  const rate = arg(args, "rate", 100);
  const rateLimit = text(args, "rate-limit") ?? "1000000";
  const connections = (text(args, "connections") ?? "10,50").split(",").map(Number);
  const paths = PATHS.filter((p) => (text(args, "paths") ?? PATHS.join(",")).split(",").includes(p));
  const dialects: Dialect[] = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])];
  if (dialects.length === 1) console.log("(TEST_POSTGRES_URL not set: SQLite only)");
  const list = retellings();
  console.log(
    `${list.length} retellings (${retellings("tune").length} tuned on, ${retellings("frozen").length} frozen); ` +
      `load: ${rate} req/s (Poisson) over ${connections.join(" and ")} connections, then 50 unthrottled; ${seconds} s each; ` +
      `rate limit ${rateLimit === "0" ? "off" : `${rateLimit}/min per address`}`,
  );
  const rows: (string | number)[][] = [
    ["dialect", "path", "what", "tune top-3", "frozen top-3", "req/s", "p50 ms", "p99 ms", "max ms", "errors"],
  ];
  rows.push(...(await bareBaseline(list, connections, rate, seconds)));
  for (const dialect of dialects) {
    const corpus = await openCorpus(
      dialect,
      count,
      dialect === "sqlite" ? text(args, "sqlite-file") : text(args, "pg-schema"),
    );
    try {
      const search = await measureMemory(dialect, corpus.handle);
      // The search alone, in this process, no HTTP: what the check costs beside what the machine adds.
      const direct = async (q: string) =>
        (await search.search({ q, tenantId: null, statuses: ["published"], limit: 10, minScore: 0.2 })).map(
          (f) => f.id,
        );
      await pass(list, corpus.answers, direct);
      rows.push(
        line(dialect, "memory", "in-process search(), no HTTP, warm", await pass(list, corpus.answers, direct)),
      );
      for (const path of paths) {
        const server = await startBenchServer("_search-server.ts", [
          path,
          corpus.url,
          `bench-search-${randomBytes(4).toString("hex")}`,
          rateLimit,
          ...(corpus.schema ? [corpus.schema] : []),
        ]);
        try {
          const url = `http://127.0.0.1:${server.port}/api/v1/public/klinik-0/check`;
          const ask = async (t: string) => {
            const res = await fetch(url, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ text: t }),
            });
            if (res.status !== 200) throw new Error(`check answered ${res.status}: ${await res.text()}`);
            return ((await res.json()) as { data: { id: string }[] }).data.map((d) => d.id);
          };
          const cold = await pass(list, corpus.answers, ask);
          const warm = { ms: [] as number[], found: new Map(cold.found) };
          for (let i = 1; i < passes; i++) {
            const p = await pass(list, corpus.answers, ask);
            warm.ms.push(...p.ms);
            for (const [k, [h, n]] of p.found) {
              const [h0, n0] = warm.found.get(k) ?? [0, 0];
              warm.found.set(k, [h0 + h, n0 + n]);
            }
          }
          rows.push(line(dialect, path, "cold: 1st pass, one at a time", cold));
          rows.push(line(dialect, path, `warm: ${passes - 1} passes, one at a time`, warm));
          for (const c of connections) rows.push(await load(dialect, path, url, list, c, rate, seconds));
          rows.push(await load(dialect, path, url, list, 50, rate, seconds, "POST", true));
          rows.push(await load(dialect, path, url, list, 50, 0, seconds));
          console.log(`${dialect} ${path}: done (server heap after warm-up ${server.id} MB)`);
        } finally {
          server.child.kill("SIGTERM");
        }
      }
    } finally {
      await corpus.close();
    }
  }
  console.log(table(rows));
}

/** The floor this machine puts under any HTTP answer: a bare Hono handler, same shapes of load. */
async function bareBaseline(list: Retelling[], connections: number[], rate: number, seconds: number) {
  const bare = await startBenchServer("_public-server.ts", ["bare", "300"]);
  try {
    const url = `http://127.0.0.1:${bare.port}/k/x/klarifikasi/y`;
    const get = async () => {
      await (await fetch(url)).text();
      return [];
    };
    await pass(list, new Map(), get);
    const out = [line("-", "bare", "bare Hono handler, one at a time", await pass(list, new Map(), get))];
    for (const c of connections) out.push(await load("-", "bare", url, list, c, rate, seconds, "GET"));
    out.push(await load("-", "bare", url, list, 50, rate, seconds, "GET", true));
    out.push(await load("-", "bare", url, list, 50, 0, seconds, "GET"));
    return out.map((r) => r.map((x, i) => (i === 3 || i === 4 ? "" : x)));
  } finally {
    bare.child.kill("SIGTERM");
  }
}

interface Pass {
  ms: number[];
  found: Map<"tune" | "frozen", [number, number]>;
}

async function pass(list: Retelling[], answers: Map<string, string>, ask: (text: string) => Promise<string[]>) {
  const out: Pass = { ms: [], found: new Map() };
  for (const r of list) {
    const t = performance.now();
    const ids = await ask(r.text);
    out.ms.push(performance.now() - t);
    const [hit, all] = out.found.get(r.part) ?? [0, 0];
    const ok = ids.slice(0, 3).includes(answers.get(r.key) ?? "");
    out.found.set(r.part, [hit + (ok ? 1 : 0), all + 1]);
    if (!ok && process.env.BENCH_MISSES === "1") console.log(`  miss (${r.part}) ${r.key}: ${r.text}`);
  }
  return out;
}

function line(dialect: string, path: string, what: string, p: Pass): (string | number)[] {
  const sorted = [...p.ms].sort((a, b) => a - b);
  const rate = (part: "tune" | "frozen") => {
    const [hit, all] = p.found.get(part) ?? [0, 0];
    return `${hit}/${all} = ${((100 * hit) / Math.max(all, 1)).toFixed(1)}%`;
  };
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  return [dialect, path, what, rate("tune"), rate("frozen"), "", round(p50), round(p99), round(sorted.at(-1) ?? 0), 0];
}

/**
 * Public load: `rate` req/s on average arriving on their own (`openLoad`); with `bursts`,
 * autocannon's `overallRate` (how the figures before were taken); with rate 0 autocannon's
 * `connections` as fast as they go (throughput). Retellings in turn.
 */
async function load(
  dialect: string,
  path: string,
  url: string,
  list: Retelling[],
  connections: number,
  rate: number,
  seconds: number,
  method: "GET" | "POST" = "POST",
  bursts = false,
): Promise<(string | number)[]> {
  const body = (i: number) => JSON.stringify({ text: list[i % list.length]?.text ?? "" });
  if (rate > 0 && !bursts) {
    const r = await openLoad({
      url,
      rate,
      connections,
      seconds,
      method,
      ...(method === "POST" ? { body } : {}),
    });
    const what = `load: ${rate} req/s over ${connections} connections`;
    return [dialect, path, what, "", "", r.rps, r.p50, r.p99, r.max, r.failed];
  }
  let i = 0;
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(rate > 0 ? { overallRate: rate } : {}),
    requests: [
      method === "GET"
        ? { method }
        : {
            method: "POST",
            headers: { "content-type": "application/json" },
            setupRequest: (req) => ({ ...req, body: body(i++) }),
          },
    ],
  });
  return [
    dialect,
    path,
    rate > 0 ? `autocannon ${rate} req/s over ${connections} conn. (bursts)` : `load: ${connections} conn. unthrottled`,
    "",
    "",
    Math.round(r.requests.average),
    r.latency.p50,
    r.latency.p99,
    r.latency.max,
    r.non2xx + r.errors,
  ];
}

/** Heap held by a warmed search (published index + claim signatures), after GC. */
async function measureMemory(dialect: Dialect, handle: DbHandle): Promise<ClarificationSearch> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  // The search texts first (a fresh seed has none yet): not part of what a process holds.
  await new ClarificationSearch(handle.db).refresh();
  gc();
  const before = process.memoryUsage().heapUsed;
  const t = performance.now();
  const search = new ClarificationSearch(handle.db, new ClarificationMatcher(handle.db));
  await search.warm();
  const took = performance.now() - t;
  gc();
  const mb = (process.memoryUsage().heapUsed - before) / 1e6;
  console.log(
    `${dialect}: warm-up ${Math.round(took)} ms; ${search.published} published clarifications in memory: ` +
      `${mb.toFixed(1)} MB of heap (index, term statistics and claim signatures)`,
  );
  return search;
}

/** A database holding the corpus: seeded now, or found where a named earlier run left it. */
async function openCorpus(dialect: Dialect, count: number, name: string | undefined) {
  const t = performance.now();
  let handle: DbHandle & { url: string; schema?: string };
  let reused = false;
  if (dialect === "sqlite" && name) {
    reused = existsSync(name);
    const url = `sqlite:${name}`;
    handle = { ...openDb(url), url };
    await migrateToLatest(handle.db);
  } else if (dialect === "postgres" && name) {
    const base = testPostgresUrl() ?? "";
    const admin = openDb(base);
    const found =
      await sql`select 1 from information_schema.tables where table_schema = ${name} and table_name = 'tenants'`.execute(
        admin.db,
      );
    reused = found.rows.length > 0;
    await sql`create schema if not exists ${sql.id(name)}`.execute(admin.db);
    await admin.close();
    handle = { ...openDb(base, { schema: name }), url: base, schema: name };
    await migrateToLatest(handle.db);
  } else {
    handle = await createTestDb(dialect);
  }
  let answers: Map<string, string>;
  if (reused) {
    const { rows } = await sql<{ id: string; key: string }>`
      select ci.clarification_id as id, i.dedup_key as key from clarification_items ci
      join items i on i.id = ci.item_id where i.dedup_key like 'hoax-%'`.execute(handle.db);
    answers = new Map(rows.map((r) => [r.key.slice(5), r.id]));
    console.log(`${dialect}: reusing ${name} (${answers.size} clarified hoaxes)`);
  } else {
    answers = (await seedSearchCorpus(handle.db, { distractorCount: count, slugPrefix: "klinik" })).answers;
    console.log(
      `${dialect}: ${count + answers.size} clarifications published in ${Math.round(performance.now() - t)} ms`,
    );
  }
  return { handle, url: handle.url, schema: handle.schema, answers, close: () => handle.close() };
}

const round = (x: number) => Math.round(x * 10) / 10;
