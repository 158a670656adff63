// Search: is a retold hoax's clarification in the top 3, and how fast does the
// public check answer, among 10,000 published clarifications?
//
//   pnpm bench search                              # SQLite, and Postgres when TEST_POSTGRES_URL is set
//   pnpm bench search --clarifications=2000 --passes=3
//
// Seeds a fresh database per dialect with the clarified hoaxes of
// packages/search/fixtures and generated distractor clarifications (spread over
// 10 clinics, each linked to its claim as an item, published through the
// repositories), then asks every shipped retelling through the real check
// endpoint (`POST /api/v1/public/{slug}/check` on createApp; rate limit off).
// Cold: a new database connection and a new app (new matcher and search objects)
// warmed as `pnpm start` warms them, first pass; the warm-up itself and a first
// request without it are timed apart. Warm: the passes after. Side by side in the
// same run: the check as it was before this search (claim similarity alone,
// ClarificationMatcher + a fetch by ids). Goals: top 3 ≥ 90%; check p99 ≤ 50 ms.
import { randomBytes } from "node:crypto";
import { createApp } from "@klinik/api";
import { ClarificationMatcher, claimSignature } from "@klinik/claims";
import { createLogger, loadConfig } from "@klinik/config";
import { type DbHandle, getPublishedClarificationsByIds, openDb } from "@klinik/db";
import { createTestDb, testPostgresUrl } from "@klinik/db/testing";
import { ClassifyBatcher, closeQueues, createQueues, createRedis } from "@klinik/queue";
import { ClarificationSearch } from "@klinik/search";
import { type Retelling, retellings, seedSearchCorpus } from "@klinik/search/fixtures";
import { arg, percentile, table } from "./_util.ts";

type Dialect = "sqlite" | "postgres";
interface Pass {
  ms: number[];
  found: Map<"tune" | "frozen", [number, number]>;
}

export default async function main(args: string[]): Promise<void> {
  const count = arg(args, "clarifications", 10_000);
  const passes = arg(args, "passes", 3);
  const dialects: Dialect[] = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])];
  if (dialects.length === 1) console.log("(TEST_POSTGRES_URL not set: SQLite only)");
  const list = retellings();
  console.log(
    `${list.length} retellings (${retellings("tune").length} tuned on, ${retellings("frozen").length} frozen)`,
  );
  const rows: (string | number)[][] = [
    ["dialect", "what", "tune top-3", "frozen top-3", "p50 ms", "p95 ms", "p99 ms", "max ms"],
  ];
  for (const dialect of dialects) rows.push(...(await runDialect(dialect, count, passes, list)));
  console.log(table(rows));
}

async function runDialect(dialect: Dialect, count: number, passes: number, list: Retelling[]) {
  const seeded = await createTestDb(dialect);
  try {
    const t0 = performance.now();
    const corpus = await seedSearchCorpus(seeded.db, { distractorCount: count, slugPrefix: "klinik" });
    console.log(`${dialect}: ${count + corpus.answers.size} clarifications published in ${ms(t0)} ms`);
    // Their search text, as the searches after each publication would have written it.
    const t1 = performance.now();
    await new ClarificationSearch(seeded.db).refresh();
    console.log(`${dialect}: search text of ${count + corpus.answers.size} clarifications written in ${ms(t1)} ms`);
    // A connection of its own, as a new process would have (SQLite: a new page cache; Postgres: a new pool).
    const fresh = openDb(seeded.url, seeded.schema ? { schema: seeded.schema } : {});
    const app = await benchApi(fresh);
    try {
      const slug = corpus.clinics[0]?.slug ?? "klinik-0";
      let t = performance.now();
      // What startApi does in the background at start.
      await app.search.warm();
      const warmUp = ms(t);
      const ask = async (text: string) => {
        const res = await app.app.request(`/api/v1/public/${slug}/check`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text }),
        });
        if (res.status !== 200) throw new Error(`check answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { data: { id: string }[] }).data.map((d) => d.id);
      };
      const cold = await pass(list, corpus.answers, ask);
      const warm: Pass = { ms: [], found: cold.found };
      for (let i = 1; i < passes; i++) warm.ms.push(...(await pass(list, corpus.answers, ask)).ms);
      // A first request before any warm-up: what a request arriving at start waits for.
      const unwarmed = await benchApi(fresh);
      t = performance.now();
      await unwarmed.app.request(`/api/v1/public/${slug}/check`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: list[0]?.text ?? "vaksin" }),
      });
      const firstUnwarmed = ms(t);
      await unwarmed.close();
      // The check before this search: claim similarity alone (same database, same process).
      const matcher = new ClarificationMatcher(fresh.db);
      await matcher.refresh(true);
      const before = async (text: string) => {
        const m = await matcher.match(claimSignature(null, text), 10);
        const byId = new Set(
          (
            await getPublishedClarificationsByIds(
              fresh.db,
              m.map((x) => x.clarificationId),
            )
          ).map((r) => r.id),
        );
        return m.map((x) => x.clarificationId).filter((id) => byId.has(id));
      };
      const old = await pass(list, corpus.answers, before);
      console.log(
        `${dialect}: warm-up at start ${warmUp} ms (stemmer, term statistics, claim signatures); ` +
          `a first request without it ${firstUnwarmed} ms`,
      );
      return [
        line(dialect, "check, cold (1st pass)", cold),
        line(dialect, `check, warm (${passes - 1} passes)`, warm),
        line(dialect, "before: similarity alone", old),
      ];
    } finally {
      await app.close();
      await fresh.close();
    }
  } finally {
    await seeded.close();
  }
}

async function pass(list: Retelling[], answers: Map<string, string>, ask: (text: string) => Promise<string[]>) {
  const out: Pass = {
    ms: [],
    found: new Map([
      ["tune", [0, 0]],
      ["frozen", [0, 0]],
    ]),
  };
  for (const r of list) {
    const t = performance.now();
    const ids = await ask(r.text);
    out.ms.push(performance.now() - t);
    const f = out.found.get(r.part) ?? [0, 0];
    f[1] += 1;
    if (ids.slice(0, 3).includes(answers.get(r.key) ?? "")) f[0] += 1;
    else if (process.env.BENCH_MISSES === "1") console.log(`  miss (${r.part}) ${r.key}: ${r.text}`);
  }
  return out;
}

function line(dialect: string, what: string, p: Pass): (string | number)[] {
  const sorted = [...p.ms].sort((a, b) => a - b);
  const rate = (part: "tune" | "frozen") => {
    const [hit, all] = p.found.get(part) ?? [0, 0];
    return `${hit}/${all} = ${((100 * hit) / Math.max(all, 1)).toFixed(1)}%`;
  };
  return [
    dialect,
    what,
    rate("tune"),
    rate("frozen"),
    round(percentile(sorted, 50)),
    round(percentile(sorted, 95)),
    round(percentile(sorted, 99)),
    round(sorted.at(-1) ?? Number.NaN),
  ];
}

/** The API app on a given database, with real Redis under a prefix of its own. */
async function benchApi(db: DbHandle) {
  const prefix = `bench-search-${randomBytes(4).toString("hex")}`;
  const config = loadConfig({
    DATABASE_URL: db.dialect === "sqlite" ? "sqlite::memory:" : "postgres://unused",
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: "silent",
    PUBLIC_RATE_LIMIT_PER_MIN: "0",
  });
  const redis = createRedis(config.REDIS_URL, "producer");
  if (redis.status !== "ready") await new Promise((r) => redis.once("ready", r));
  const queues = createQueues({ connection: redis, prefix });
  const clarifications = new ClarificationMatcher(db.db);
  const search = new ClarificationSearch(db.db, clarifications);
  const app = createApp({
    db: db.db,
    dialect: db.dialect,
    redis,
    queues,
    classifyBatcher: new ClassifyBatcher(queues),
    config,
    logger: createLogger("bench", process.env.BENCH_LOG === "1" ? "error" : "silent"),
    clarifications,
    search,
  });
  return {
    app,
    search,
    async close() {
      await closeQueues(queues);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

const ms = (t: number) => Math.round(performance.now() - t);
const round = (x: number) => Math.round(x * 10) / 10;
