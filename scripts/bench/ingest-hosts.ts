/**
 * `pnpm bench ingest-hosts [--good=24] [--hostile=4]`: how long good feeds take
 * when slow or hostile feeds share their host, side by side in one run.
 *
 * One loopback server hosts good feeds (a small RSS answered at once) and hostile
 * ones (a byte every 300 ms, never finishing: cut only by the 20 s timeout).
 * Fetches go through `fetchSource` (production's HTTP client, host slots and
 * parser) from four slots, as an ingest process with INGEST_CONCURRENCY=4 takes
 * jobs, hostile ones first. Rows: good feeds alone; with the hostile ones and
 * host slots without time slices (`hostSliceMs: Infinity`, the behaviour before);
 * with the hostile ones and the production default (2 s slices).
 * "fetch" is one fetch's own time; "done after" is from the start of the run.
 *
 * Measured 2026-11-30: 24 good feeds all done after 194 ms alone, 20,105 ms beside
 * 4 hostile ones without slices, 4,129 ms with them and time-sliced host slots.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fetchSource } from "@klinik/feeds";
import { arg, percentile, table } from "./_util.ts";

const args = process.argv.slice(2);
const GOOD = arg(args, "good", 24);
const HOSTILE = arg(args, "hostile", 4);
const SLOTS = 4;

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Baik</title>${Array.from(
  { length: 20 },
  (_, i) => `<item><guid>${i}</guid><title>Kabar ${i}</title><description>Isi kabar ${i}</description></item>`,
).join("")}</channel></rss>`;

async function main() {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    if ((req.url ?? "").startsWith("/good/")) {
      res.end(FEED);
      return;
    }
    const t = setInterval(() => res.write(" "), 300);
    res.on("close", () => clearInterval(t));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const run = async (hostile: number, hostSliceMs?: number) => {
    const jobs = [
      ...Array.from({ length: hostile }, (_, i) => `/hostile/${i}`),
      ...Array.from({ length: GOOD }, (_, i) => `/good/${i}`),
    ];
    const t0 = performance.now();
    const fetchMs: number[] = [];
    const doneMs: number[] = [];
    let failed = 0;
    const runner = async () => {
      for (let path = jobs.shift(); path; path = jobs.shift()) {
        const start = performance.now();
        const r = await fetchSource(
          { kind: "rss", url: `${base}${path}` },
          { etag: null, lastModified: null },
          { allowPrivate: true, ...(hostSliceMs ? { hostSliceMs } : {}) },
        );
        if (!path.startsWith("/good/")) continue;
        if (r.kind !== "ok") failed++;
        fetchMs.push(performance.now() - start);
        doneMs.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: SLOTS }, runner));
    fetchMs.sort((a, b) => a - b);
    doneMs.sort((a, b) => a - b);
    return { fetchMs, doneMs, failed };
  };

  const rows: (string | number)[][] = [
    ["good feeds on the host", "fetch p50 ms", "fetch max ms", "all done after ms", "vs alone", "good failed"],
  ];
  const alone = await run(0);
  const allDone = (r: typeof alone) => r.doneMs.at(-1) ?? Number.NaN;
  const row = (name: string, r: typeof alone) =>
    rows.push([
      name,
      Math.round(percentile(r.fetchMs, 50)),
      Math.round(r.fetchMs.at(-1) ?? Number.NaN),
      Math.round(allDone(r)),
      `${(allDone(r) / allDone(alone)).toFixed(1)}×`,
      r.failed,
    ]);
  row(`${GOOD} alone`, alone);
  row(`+ ${HOSTILE} hostile, host slots without slices (before)`, await run(HOSTILE, Number.POSITIVE_INFINITY));
  row(`+ ${HOSTILE} hostile, time-sliced host slots (after)`, await run(HOSTILE));
  console.log(`${SLOTS} fetch slots, one host; hostile feeds trickle a byte every 300 ms until the 20 s timeout`);
  console.log(table(rows));
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

await main();
