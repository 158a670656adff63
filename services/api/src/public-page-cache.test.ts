import { describe, expect, it } from "vitest";
import { notModified, type PageChangeBus, PublicPageCache } from "./public-page-cache.ts";

/** Two processes' buses joined directly (the Redis one is tested in test/public-page-cache.test.ts). */
function joinedBuses() {
  const listeners: ((id: string) => void)[] = [];
  const bus = (): PageChangeBus => {
    let mine: ((id: string) => void) | undefined;
    return {
      publish: (id) => {
        for (const l of listeners) if (l !== mine) l(id);
      },
      listen: (drop) => {
        if (mine) return;
        mine = drop;
        listeners.push(drop);
      },
      close: async () => {},
    };
  };
  return [bus(), bus()] as const;
}

describe("PublicPageCache", () => {
  it("keeps a page until its clarification is invalidated, with an ETag that follows the content", () => {
    const cache = new PublicPageCache(60_000);
    const a = cache.put("/k/x/klarifikasi/1|id", "1", "<p>lama</p>", cache.version());
    cache.put("/k/x/klarifikasi/1|en", "1", "<p>old</p>", cache.version());
    cache.put("/k/x/klarifikasi/2|id", "2", "<p>lain</p>", cache.version());
    expect(cache.get("/k/x/klarifikasi/1|id")?.etag).toBe(a.etag);
    cache.invalidate("1");
    expect(cache.get("/k/x/klarifikasi/1|id")).toBeUndefined();
    expect(cache.get("/k/x/klarifikasi/1|en")).toBeUndefined();
    expect(cache.get("/k/x/klarifikasi/2|id")).toBeDefined();
    expect(cache.put("/k/x/klarifikasi/1|id", "1", "<p>baru</p>", cache.version()).etag).not.toBe(a.etag);
  });

  it("forgets a page after its time to live", () => {
    const cache = new PublicPageCache(0);
    cache.put("k", "1", "x", cache.version());
    expect(cache.get("k")).toBeUndefined();
  });

  it("does not keep a page rendered while a clarification changed (it may show the old state)", () => {
    const cache = new PublicPageCache(60_000);
    const since = cache.version();
    cache.invalidate("2");
    expect(cache.put("k", "1", "<p>dibaca sebelum perubahan</p>", since).etag).toMatch(/^".+"$/);
    expect(cache.get("k")).toBeUndefined();
  });

  it("keeps the headers of the first full answer only for the page it was", () => {
    const cache = new PublicPageCache(60_000);
    const page = cache.put("k", "1", "x", cache.version());
    cache.complete("k", '"other"', { a: "1" });
    expect(cache.get("k")?.headers).toBeUndefined();
    cache.complete("k", page.etag, { "cache-control": "public, max-age=60" });
    expect(cache.get("k")?.headers).toEqual({ "cache-control": "public, max-age=60" });
  });

  it("drops a page in the other process when this one changes it, and not the other way round by itself", () => {
    const [busA, busB] = joinedBuses();
    const a = new PublicPageCache(60_000, busA);
    const b = new PublicPageCache(60_000, busB);
    a.put("k", "1", "a", a.version());
    b.put("k", "1", "b", b.version());
    b.put("j", "2", "b2", b.version());
    a.invalidate("1");
    expect(a.get("k")).toBeUndefined();
    expect(b.get("k")).toBeUndefined();
    expect(b.get("j")).toBeDefined();
  });

  it("matches If-None-Match lists, weak validators and *", () => {
    expect(notModified('"a", W/"b"', '"b"')).toBe(true);
    expect(notModified("*", '"b"')).toBe(true);
    expect(notModified('"a"', '"b"')).toBe(false);
    expect(notModified(undefined, '"b"')).toBe(false);
  });
});
