import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, fixture, serve, startFixtureServer } from "./fixture-server.ts";
import { type FetchResult, fetchSource } from "./index.ts";

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

describe("feed formats", () => {
  it("reads RSS 2.0 with text, guid, author, dates, ttl and relative links", async () => {
    srv.route("/rss2", serve(fixture("rss2.xml")));
    const r = ok(await rss("/rss2"));
    expect(r.status).toBe(200);
    expect(r.minIntervalSec).toBe(30 * 60);
    expect(r.entries).toHaveLength(2);
    const [newest, older] = r.entries;
    expect(newest).toMatchObject({
      guid: "https://example.org/cek/microchip",
      url: `${srv.origin}/cek/microchip`,
      title: "Vaksin mengandung microchip",
      text: "Tidak ada microchip dalam vaksin.",
    });
    expect(newest?.publishedAt?.toISOString()).toBe("2024-01-03T09:30:00.000Z");
    expect(older).toMatchObject({
      guid: "cek-001",
      title: "Air kelapa & garam menyembuhkan demam berdarah?",
      author: "Tim Cek Fakta",
      url: "https://example.org/cek/air-kelapa?utm_source=rss",
    });
    expect(older?.text).toBe("Klaim bahwa air kelapa menyembuhkan DBD tidak benar.\nBaca selengkapnya.");
    expect(older?.publishedAt?.toISOString()).toBe("2024-01-02T01:00:00.000Z");
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

  it("reads Atom, preferring content over summary and published over updated", async () => {
    srv.route("/atom", serve(fixture("atom.xml"), { "content-type": "application/atom+xml" }));
    const r = ok(await rss("/atom"));
    expect(r.entries).toHaveLength(2);
    expect(r.entries[0]).toMatchObject({
      guid: "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
      url: "https://atom.example.com/lemon",
      title: "Lemon water & cancer",
      text: "Lemon water does not cure cancer.",
      author: "Dr. Atom",
    });
    expect(r.entries[0]?.publishedAt?.toISOString()).toBe("2024-02-01T09:00:00.000Z");
    expect(r.entries[1]?.publishedAt?.toISOString()).toBe("2024-01-15T00:00:00.000Z");
    expect(r.entries[1]?.text).toBe("Entry with only an updated date");
  });

  it("reads RDF (RSS 1.0)", async () => {
    srv.route("/rdf", serve(fixture("rdf.xml"), { "content-type": "application/rdf+xml" }));
    const r = ok(await rss("/rdf"));
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({
      url: "https://rdf.example.org/1",
      title: "Herbal tea and diabetes",
      text: "Herbal tea does not replace insulin.",
      author: "RDF Desk",
    });
    expect(r.entries[0]?.publishedAt?.toISOString()).toBe("2024-03-05T11:00:00.000Z");
  });

  it("reads JSON Feed", async () => {
    srv.route("/json", serve(fixture("feed.json"), { "content-type": "application/feed+json" }));
    const r = ok(await rss("/json"));
    expect(r.entries).toHaveLength(2);
    expect(r.entries[0]).toMatchObject({
      guid: "2",
      url: null,
      title: null,
      text: "Plain text item without url or title",
      author: "Guest",
    });
    expect(r.entries[1]).toMatchObject({
      guid: "json-1",
      url: "https://json.example.com/1",
      title: "Drinking bleach is not a cure",
      text: "Please do not drink bleach.",
      author: "JSON Desk",
    });
    expect({} as Record<string, unknown>).not.toHaveProperty("polluted");
  });
});
