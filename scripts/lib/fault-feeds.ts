/**
 * The loopback feeds of the fault run (scripts/lib/fault-run.ts): RSS feeds whose entries
 * are near-duplicate families (the copies of a family in one feed) and syndicated copies
 * (every tenth entry also in a sibling feed of the same clinic, under the same link and
 * without a guid, as news sites republish). Entries appear in steps (`reveal`), so ingest
 * keeps fetching new ones through every fault; the server remembers what it served.
 */
import { createServer } from "node:http";
import { familyText } from "./stories.ts";

export interface FeedEntry {
  guid: string | null;
  link: string;
  text: string;
  family: number;
}

export interface FaultFeeds {
  /** Feed `n`'s URL; feed `n` belongs to clinic `n % clinics`. */
  url(n: number): string;
  /** Serves the first `step`/`steps` of every feed's entries from now on. */
  reveal(step: number): void;
  /** Every entry's text (syndicated copies once) with its family, per feed's clinic. */
  texts(): { text: string; family: number; clinic: number }[];
  /** Whether every feed has been served all its entries since the last step was revealed. */
  allServed(): boolean;
  close(): Promise<void>;
}

/** Families of feed entries start here, apart from the run's stored items and reports. */
const FEED_FAMILY_BASE = 1_000_000;

export async function startFaultFeeds(o: {
  feeds: number;
  clinics: number;
  /** Families per feed; each has `copies` entries in it. */
  familiesPerFeed: number;
  copies: number;
  steps: number;
}): Promise<FaultFeeds> {
  if (o.feeds % o.clinics !== 0) throw new Error("feeds must be a multiple of clinics (siblings share a clinic)");
  const own: FeedEntry[][] = [];
  for (let n = 0; n < o.feeds; n++) {
    const entries: FeedEntry[] = [];
    for (let i = 0; i < o.familiesPerFeed; i++) {
      const family = FEED_FAMILY_BASE + n * 10_000 + i;
      for (let k = 0; k < o.copies; k++) {
        const j = entries.length;
        const syndicated = j % 10 === 0;
        entries.push({
          guid: syndicated ? null : `urn:klinik-faults:${n}:${j}`,
          link: `https://berita-${n}.example/artikel/${j}`,
          text: familyText(family, k),
          family,
        });
      }
    }
    own.push(entries);
  }
  // A sibling feed of the same clinic republishes the syndicated entries, interleaved with its own.
  const served: FeedEntry[][] = own.map((entries, n) => {
    if (o.feeds <= o.clinics) return entries;
    const sibling = own[(n + o.clinics) % o.feeds] ?? [];
    return entries.flatMap((e, j) => {
      const s = sibling[j];
      return s && s.guid === null ? [e, s] : [e];
    });
  });
  let step = 0;
  const servedUpTo = new Array<number>(o.feeds).fill(0);
  const visible = (n: number) => Math.ceil(((served[n]?.length ?? 0) * step) / o.steps);
  const server = createServer((req, res) => {
    const n = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? "")?.[1] ?? Number.NaN);
    const entries = served[n];
    if (!entries) {
      res.writeHead(404).end();
      return;
    }
    const count = visible(n);
    servedUpTo[n] = Math.max(servedUpTo[n] ?? 0, count);
    const items = entries
      .slice(0, count)
      .reverse()
      .map(
        (e) =>
          `<item><title>Berita ${e.family}</title><link>${e.link}</link>${e.guid ? `<guid isPermaLink="false">${e.guid}</guid>` : ""}<description>${e.text}</description></item>`,
      );
    res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Berita ${n}</title><link>https://berita-${n}.example/</link><description>Uji</description>${items.join("")}</channel></rss>`,
    );
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  return {
    url: (n) => `http://127.0.0.1:${port}/feed/${n}.xml`,
    reveal(s) {
      step = Math.min(o.steps, s);
    },
    texts: () =>
      own.flatMap((entries, n) => entries.map((e) => ({ text: e.text, family: e.family, clinic: n % o.clinics }))),
    allServed: () => servedUpTo.every((c, n) => c >= visible(n)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
