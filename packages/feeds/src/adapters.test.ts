import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { youtubeFeedUrl } from "./adapters/youtube.ts";
import { type FixtureServer, fixture, serve, startFixtureServer } from "./fixture-server.ts";
import { adapters, type FeedEntry, type FetchResult, fetchSource, type SourceRef } from "./index.ts";

let srv: FixtureServer;
const none = { etag: null, lastModified: null };
const opts = { allowPrivate: true, timeoutMs: 5_000 };
const json = { "content-type": "application/json; charset=utf-8" };

beforeAll(async () => {
  srv = await startFixtureServer();
  srv.route("/api/v1/timelines/tag/hoaks", serve(fixture("mastodon-tag.json"), json));
  srv.route("/api/v1/accounts/lookup", (req, res) => {
    const acct = new URL(req.url ?? "", "http://x").searchParams.get("acct");
    if (acct === "cekfakta") return serve(fixture("mastodon-lookup.json"), json)(req, res);
    serve('{"error":"Record not found"}', json, 404)(req, res);
  });
  srv.route("/api/v1/accounts/1001/statuses", serve(fixture("mastodon-statuses.json"), json));
  srv.route("/feeds/videos.xml", serve(fixture("youtube.xml"), { "content-type": "text/xml; charset=UTF-8" }));
  srv.route("/s/infosehat", serve(fixture("telegram.html"), { "content-type": "text/html; charset=utf-8" }));
  srv.route("/s/emptypage", serve("<html><body><h1>Nothing here</h1></body></html>", { "content-type": "text/html" }));
});
afterAll(() => srv.close());

function ok(result: FetchResult) {
  if (result.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

function lastPath() {
  return srv.requests.at(-1)?.url;
}

describe("adapters registry", () => {
  it("has one adapter per kind and rejects unknown kinds as a value", async () => {
    expect(Object.keys(adapters).sort()).toEqual(["mastodon", "rss", "telegram", "youtube"]);
    for (const [kind, adapter] of Object.entries(adapters)) expect(adapter.kind).toBe(kind);
    const r = await fetchSource({ kind: "nope" as "rss", url: "https://x.example" }, none, opts);
    expect(r).toMatchObject({ kind: "error", code: "unsupported_source" });
  });
});

/** Each adapter on a recorded answer: the source it is given, what it asks for, the entries it gives. */
const READS: {
  name: string;
  source: SourceRef["kind"];
  path: string;
  requested: string;
  entries: Partial<FeedEntry>[];
}[] = [
  {
    name: "mastodon reads a hashtag timeline through the public API",
    source: "mastodon",
    path: "/tags/hoaks",
    requested: "/api/v1/timelines/tag/hoaks?limit=40",
    entries: [
      {
        guid: "https://mastodon.social/users/cekfakta/statuses/111700000000000002",
        url: "https://mastodon.social/@cekfakta/111700000000000002",
        author: "cekfakta",
        text: "Hati-hati #hoaks: minum air garam tidak menyembuhkan COVID.\nSumber: Kemenkes",
        publishedAt: new Date("2024-01-05T10:15:00.000Z"),
      },
      { text: 'health misinformation\nForwarded: "vitamin C megadoses cure cancer"', author: "someone@other.example" },
    ],
  },
  {
    name: "mastodon reads an account's posts via lookup, unwrapping boosts",
    source: "mastodon",
    path: "/@cekfakta",
    requested: "/api/v1/accounts/1001/statuses?limit=40",
    entries: [
      {
        text: "Antibiotics do not work against viruses.",
        guid: "https://mastodon.social/users/cekfakta/statuses/111800000000000010/activity",
        url: "https://health.example/@dr/111799999999999999",
        author: "dr@health.example",
      },
      { text: "Klarifikasi: tidak ada vaksin yang mengubah DNA." },
    ],
  },
  {
    name: "youtube reads a channel feed with media:description as text",
    source: "youtube",
    path: "/channel/UCabcdefghijklmnopqrstuv",
    requested: "/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv",
    entries: [
      {
        guid: "yt:video:AAAAAAAAAAA",
        url: "https://www.youtube.com/watch?v=AAAAAAAAAAA",
        title: "Benarkah rebusan daun sirsak obat kanker?",
        text: "Daun sirsak belum terbukti menyembuhkan kanker.\nKonsultasikan dengan dokter Anda.",
        author: "Dokter Sehat",
        publishedAt: new Date("2024-03-10T06:00:00.000Z"),
      },
      { title: "Mitos & fakta vaksin", text: "Vaksin aman dan efektif." },
    ],
  },
  {
    // Newest first: a photo without a caption, a reply, then the first post.
    name: "telegram reads the public channel preview page",
    source: "telegram",
    path: "/infosehat",
    requested: "/s/infosehat",
    entries: [
      { guid: "infosehat/103", text: "" },
      { guid: "infosehat/102", text: "Tambahan: jangan percaya pesan berantai!" },
      {
        guid: "infosehat/101",
        url: "https://t.me/infosehat/101",
        author: "Info Sehat",
        text: "Minum air hangat setiap pagi tidak membunuh virus.\nSumber: WHO & Kemenkes",
        publishedAt: new Date("2024-05-01T09:00:00.000Z"),
      },
    ],
  },
];

describe("reading sources", () => {
  // toMatchObject on the array also checks how many entries there are.
  for (const { name, source, path, requested, entries } of READS) {
    it(name, async () => {
      const r = ok(await fetchSource({ kind: source, url: `${srv.origin}${path}` }, none, opts));
      expect(lastPath()).toBe(requested);
      expect(r.entries).toMatchObject(entries);
    });
  }
});

describe("mastodon", () => {
  it("reports an unknown account and an unsupported URL in words", async () => {
    const missing = await fetchSource({ kind: "mastodon", url: `${srv.origin}/@ghost` }, none, opts);
    expect(missing).toMatchObject({ kind: "error", status: 404 });
    if (missing.kind === "error") expect(missing.message).toContain("@ghost does not exist");
    const weird = await fetchSource({ kind: "mastodon", url: `${srv.origin}/explore` }, none, opts);
    expect(weird).toMatchObject({ kind: "error", code: "unsupported_source" });
  });
});

describe("youtube", () => {
  it("maps channel URLs to the feed URL", () => {
    expect(youtubeFeedUrl("https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv")).toBe(
      "https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv",
    );
    expect(youtubeFeedUrl("https://www.youtube.com/@handle")).toMatchObject({
      kind: "error",
      code: "unsupported_source",
    });
  });
});

describe("telegram", () => {
  it("accepts the /s/ form and reports a page without a channel", async () => {
    ok(await fetchSource({ kind: "telegram", url: `${srv.origin}/s/infosehat` }, none, opts));
    const r = await fetchSource({ kind: "telegram", url: `${srv.origin}/s/emptypage` }, none, opts);
    expect(r).toMatchObject({ kind: "error", code: "not_a_feed" });
  });
});
