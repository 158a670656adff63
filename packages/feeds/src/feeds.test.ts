import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, fixture, serve, startFixtureServer } from "./fixture-server.ts";
import { type FeedEntry, type FetchResult, fetchSource } from "./index.ts";

let srv: FixtureServer;
const none = { etag: null, lastModified: null };
const opts = { allowPrivate: true, timeoutMs: 5_000 };

beforeAll(async () => {
  srv = await startFixtureServer();
});
afterAll(() => srv.close());

function rss(path: string, state = none, extra = {}) {
  return fetchSource({ kind: "rss", url: srv.origin + path }, state, { ...opts, ...extra });
}

function ok(result: FetchResult) {
  if (result.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

/** Recorded feeds of each further format and the entries they give, newest first. */
const FORMATS: { name: string; path: string; file: string; contentType: string; entries: Partial<FeedEntry>[] }[] = [
  {
    name: "Atom, preferring content over summary and published over updated",
    path: "/atom",
    file: "atom.xml",
    contentType: "application/atom+xml",
    entries: [
      {
        guid: "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
        url: "https://atom.example.com/lemon",
        title: "Lemon water & cancer",
        text: "Lemon water does not cure cancer.",
        author: "Dr. Atom",
        publishedAt: new Date("2024-02-01T09:00:00.000Z"),
      },
      { text: "Entry with only an updated date", publishedAt: new Date("2024-01-15T00:00:00.000Z") },
    ],
  },
  {
    name: "RDF (RSS 1.0)",
    path: "/rdf",
    file: "rdf.xml",
    contentType: "application/rdf+xml",
    entries: [
      {
        url: "https://rdf.example.org/1",
        title: "Herbal tea and diabetes",
        text: "Herbal tea does not replace insulin.",
        author: "RDF Desk",
        publishedAt: new Date("2024-03-05T11:00:00.000Z"),
      },
    ],
  },
  {
    name: "JSON Feed",
    path: "/json",
    file: "feed.json",
    contentType: "application/feed+json",
    entries: [
      { guid: "2", url: null, title: null, text: "Plain text item without url or title", author: "Guest" },
      {
        guid: "json-1",
        url: "https://json.example.com/1",
        title: "Drinking bleach is not a cure",
        text: "Please do not drink bleach.",
        author: "JSON Desk",
      },
    ],
  },
];

describe("feed formats", () => {
  it("reads RSS 2.0 with text, guid, author, dates, ttl and relative links", async () => {
    srv.route("/rss2", serve(fixture("rss2.xml")));
    const r = ok(await rss("/rss2"));
    expect(r.status).toBe(200);
    expect(r.minIntervalSec).toBe(30 * 60);
    expect(r.entries).toMatchObject([
      {
        guid: "https://example.org/cek/microchip",
        url: `${srv.origin}/cek/microchip`,
        title: "Vaksin mengandung microchip",
        text: "Tidak ada microchip dalam vaksin.",
        publishedAt: new Date("2024-01-03T09:30:00.000Z"),
      },
      {
        guid: "cek-001",
        title: "Air kelapa & garam menyembuhkan demam berdarah?",
        author: "Tim Cek Fakta",
        url: "https://example.org/cek/air-kelapa?utm_source=rss",
        text: "Klaim bahwa air kelapa menyembuhkan DBD tidak benar.\nBaca selengkapnya.",
        publishedAt: new Date("2024-01-02T01:00:00.000Z"),
      },
    ]);
  });

  it("reads RSS 0.91 with a public DOCTYPE and no guid or date", async () => {
    srv.route("/rss091", serve(fixture("rss091.xml"), { "content-type": "text/xml" }));
    const r = ok(await rss("/rss091"));
    expect(r.entries).toEqual([
      {
        guid: null,
        url: "http://old.example.net/garlic.html",
        title: "Garlic cures everything, says forwarded email",
        text: "A chain letter claims garlic cures all diseases.",
        author: null,
        publishedAt: null,
      },
    ]);
  });

  for (const { name, path, file, contentType, entries } of FORMATS) {
    it(`reads ${name}`, async () => {
      srv.route(path, serve(fixture(file), { "content-type": contentType }));
      const r = ok(await rss(path));
      // toMatchObject on the array also checks how many entries there are.
      expect(r.entries).toMatchObject(entries);
      // A feed's keys (JSON Feed's "__proto__" among them) never reach Object.prototype.
      expect({} as Record<string, unknown>).not.toHaveProperty("polluted");
    });
  }
});
