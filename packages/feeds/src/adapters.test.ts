import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { youtubeFeedUrl } from "./adapters/youtube.ts";
import { type FixtureServer, fixture, serve, startFixtureServer } from "./fixture-server.ts";
import { adapters, type FetchResult, fetchSource } from "./index.ts";

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

describe("mastodon", () => {
  it("reads a hashtag timeline through the public API", async () => {
    const r = ok(await fetchSource({ kind: "mastodon", url: `${srv.origin}/tags/hoaks` }, none, opts));
    expect(lastPath()).toBe("/api/v1/timelines/tag/hoaks?limit=40");
    expect(r.entries).toHaveLength(2);
    expect(r.entries[0]).toMatchObject({
      guid: "https://mastodon.social/users/cekfakta/statuses/111700000000000002",
      url: "https://mastodon.social/@cekfakta/111700000000000002",
      author: "cekfakta",
      text: "Hati-hati #hoaks: minum air garam tidak menyembuhkan COVID.\nSumber: Kemenkes",
    });
    expect(r.entries[0]?.publishedAt?.toISOString()).toBe("2024-01-05T10:15:00.000Z");
    expect(r.entries[1]?.text).toBe('health misinformation\nForwarded: "vitamin C megadoses cure cancer"');
    expect(r.entries[1]?.author).toBe("someone@other.example");
  });

  it("reads an account's posts via lookup, unwrapping boosts", async () => {
    const r = ok(await fetchSource({ kind: "mastodon", url: `${srv.origin}/@cekfakta` }, none, opts));
    expect(lastPath()).toBe("/api/v1/accounts/1001/statuses?limit=40");
    expect(r.entries.map((e) => e.text)).toEqual([
      "Antibiotics do not work against viruses.",
      "Klarifikasi: tidak ada vaksin yang mengubah DNA.",
    ]);
    expect(r.entries[0]).toMatchObject({
      guid: "https://mastodon.social/users/cekfakta/statuses/111800000000000010/activity",
      url: "https://health.example/@dr/111799999999999999",
      author: "dr@health.example",
    });
  });

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

  it("reads a channel feed with media:description as text", async () => {
    const r = ok(
      await fetchSource({ kind: "youtube", url: `${srv.origin}/channel/UCabcdefghijklmnopqrstuv` }, none, opts),
    );
    expect(lastPath()).toBe("/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv");
    expect(r.entries).toHaveLength(2);
    expect(r.entries[0]).toMatchObject({
      guid: "yt:video:AAAAAAAAAAA",
      url: "https://www.youtube.com/watch?v=AAAAAAAAAAA",
      title: "Benarkah rebusan daun sirsak obat kanker?",
      text: "Daun sirsak belum terbukti menyembuhkan kanker.\nKonsultasikan dengan dokter Anda.",
      author: "Dokter Sehat",
    });
    expect(r.entries[0]?.publishedAt?.toISOString()).toBe("2024-03-10T06:00:00.000Z");
    expect(r.entries[1]).toMatchObject({ title: "Mitos & fakta vaksin", text: "Vaksin aman dan efektif." });
  });
});

describe("telegram", () => {
  it("reads the public channel preview page", async () => {
    const r = ok(await fetchSource({ kind: "telegram", url: `${srv.origin}/infosehat` }, none, opts));
    expect(lastPath()).toBe("/s/infosehat");
    expect(r.entries.map((e) => e.guid)).toEqual(["infosehat/103", "infosehat/102", "infosehat/101"]);
    const [photoOnly, reply, first] = r.entries;
    expect(first).toMatchObject({
      url: "https://t.me/infosehat/101",
      author: "Info Sehat",
      text: "Minum air hangat setiap pagi tidak membunuh virus.\nSumber: WHO & Kemenkes",
    });
    expect(first?.publishedAt?.toISOString()).toBe("2024-05-01T09:00:00.000Z");
    expect(reply?.text).toBe("Tambahan: jangan percaya pesan berantai!");
    expect(photoOnly?.text).toBe("");
  });

  it("accepts the /s/ form and reports a page without a channel", async () => {
    ok(await fetchSource({ kind: "telegram", url: `${srv.origin}/s/infosehat` }, none, opts));
    const r = await fetchSource({ kind: "telegram", url: `${srv.origin}/s/emptypage` }, none, opts);
    expect(r).toMatchObject({ kind: "error", code: "not_a_feed" });
  });
});
