import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type FetchResult, fetchSource } from "@klinik/feeds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Baik</title>
<item><guid>1</guid><title>Kabar</title><description>Isi kabar</description></item></channel></rss>`;

/**
 * One host serves good feeds and feeds that trickle forever. Fetches run through
 * four slots, as an ingest process with INGEST_CONCURRENCY=4 does, the slow ones
 * first: the good feeds on the same host must not wait for the slow ones' timeout.
 */
describe("a slow host's feeds cannot starve its good feeds", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? "/";
      if (path.startsWith("/good/")) {
        res.writeHead(200, { "content-type": "application/rss+xml" }).end(FEED);
        return;
      }
      if (path.startsWith("/slow-ok/")) {
        // Slow but honest: 3 s, then the whole feed.
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.write(FEED.slice(0, 20));
        const t = setTimeout(() => res.end(FEED.slice(20)), 3_000);
        res.on("close", () => clearTimeout(t));
        return;
      }
      // Hostile: a byte every 300 ms, never finishing.
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const t = setInterval(() => res.write(" "), 300);
      res.on("close", () => clearInterval(t));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const fetch = (path: string) =>
    fetchSource(
      { kind: "rss", url: `${base}${path}` },
      { etag: null, lastModified: null },
      {
        allowPrivate: true,
        timeoutMs: 10_000,
      },
    );

  it("fetches every good feed long before the slow ones would time out", async () => {
    const jobs = [
      ...Array.from({ length: 4 }, (_, i) => `/slow/${i}`),
      ...Array.from({ length: 12 }, (_, i) => `/good/${i}`),
    ];
    const t0 = Date.now();
    const done: Record<string, { at: number; result: FetchResult }> = {};
    const runner = async () => {
      for (let path = jobs.shift(); path; path = jobs.shift()) {
        const result = await fetch(path);
        done[path] = { at: Date.now() - t0, result };
      }
    };
    await Promise.all([runner(), runner(), runner(), runner()]);

    const good = Object.entries(done).filter(([p]) => p.startsWith("/good/"));
    expect(good.map(([, d]) => d.result.kind)).toEqual(Array(12).fill("ok"));
    // The slow feeds' own deadline is 10 s; the good ones wait about two slices (2 s each), not that.
    expect(Math.max(...good.map(([, d]) => d.at))).toBeLessThan(8_000);

    const slow = Object.entries(done).filter(([p]) => p.startsWith("/slow/"));
    const codes = slow.map(([, d]) => (d.result.kind === "error" ? d.result.code : d.result.kind)).sort();
    // One slow feed keeps the slow lane until its timeout; the others gave way while good feeds waited.
    expect(codes).toEqual(["slow_host", "slow_host", "slow_host", "timeout"]);
    const cut = slow.find(([, d]) => d.result.kind === "error" && d.result.code === "slow_host")?.[1].result;
    expect(cut?.kind === "error" && cut.message).toMatch(/too slow .* other feeds on it waited/);
  }, 30_000);

  it("lets a slow feed finish when nothing else of its host waits", async () => {
    const [a, b] = await Promise.all([fetch("/slow-ok/1"), fetch("/slow-ok/2")]);
    expect(a.kind).toBe("ok");
    expect(b.kind).toBe("ok");
  }, 20_000);
});
