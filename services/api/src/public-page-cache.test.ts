import { describe, expect, it } from "vitest";
import { notModified, PublicPageCache } from "./public-page-cache.ts";

describe("PublicPageCache", () => {
  it("keeps a page until its clarification is invalidated, with an ETag that follows the content", () => {
    const cache = new PublicPageCache(60_000);
    const a = cache.put("/k/x/klarifikasi/1|id", "1", "<p>lama</p>");
    cache.put("/k/x/klarifikasi/1|en", "1", "<p>old</p>");
    cache.put("/k/x/klarifikasi/2|id", "2", "<p>lain</p>");
    expect(cache.get("/k/x/klarifikasi/1|id")?.etag).toBe(a.etag);
    cache.invalidate("1");
    expect(cache.get("/k/x/klarifikasi/1|id")).toBeUndefined();
    expect(cache.get("/k/x/klarifikasi/1|en")).toBeUndefined();
    expect(cache.get("/k/x/klarifikasi/2|id")).toBeDefined();
    expect(cache.put("/k/x/klarifikasi/1|id", "1", "<p>baru</p>").etag).not.toBe(a.etag);
  });

  it("forgets a page after its time to live", () => {
    const cache = new PublicPageCache(0);
    cache.put("k", "1", "x");
    expect(cache.get("k")).toBeUndefined();
  });

  it("matches If-None-Match lists, weak validators and *", () => {
    expect(notModified('"a", W/"b"', '"b"')).toBe(true);
    expect(notModified("*", '"b"')).toBe(true);
    expect(notModified('"a"', '"b"')).toBe(false);
    expect(notModified(undefined, '"b"')).toBe(false);
  });
});
