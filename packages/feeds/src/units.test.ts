import { describe, expect, it } from "vitest";
import { decodeBody } from "./charset.ts";
import { parseMaxAge, parseRetryAfter } from "./http-headers.ts";
import { backoffSeconds, canonicalUrl, feedUrlProblem, htmlToText, isBlockedAddress } from "./index.ts";
import { BlockedAddressError, safeLookup } from "./ssrf.ts";

describe("canonicalUrl", () => {
  it("lower-cases the host, drops the fragment and default port, strips tracking, sorts the query", () => {
    expect(
      canonicalUrl(
        "HTTPS://News.Example.COM:443/Path/Artikel?z=1&utm_source=fb&b=2&fbclid=abc&a=3&gclid=x&igshid=y&mc_cid=m&ref_src=twsrc#comments",
      ),
    ).toBe("https://news.example.com/Path/Artikel?a=3&b=2&z=1");
  });

  it("removes the question mark when only tracking parameters were present", () => {
    expect(canonicalUrl("http://example.org/a?utm_medium=social&UTM_Campaign=x")).toBe("http://example.org/a");
  });

  it("keeps meaningful parameters and repeated keys in a stable order", () => {
    expect(canonicalUrl("https://example.org/watch?v=abc&list=2&v=aaa")).toBe(
      "https://example.org/watch?list=2&v=aaa&v=abc",
    );
    expect(canonicalUrl("https://example.org/search?q=a+b%20c")).toBe("https://example.org/search?q=a+b+c");
  });

  it("returns non-URLs trimmed and unchanged", () => {
    expect(canonicalUrl("  not a url ")).toBe("not a url");
  });
});

describe("backoffSeconds", () => {
  it("doubles from one minute and caps at six hours", () => {
    expect([0, 1, 2, 3, 4].map(backoffSeconds)).toEqual([0, 60, 120, 240, 480]);
    expect(backoffSeconds(9)).toBe(60 * 256);
    expect(backoffSeconds(10)).toBe(6 * 3600);
    expect(backoffSeconds(1_000)).toBe(6 * 3600);
    expect(backoffSeconds(Number.POSITIVE_INFINITY)).toBe(0);
    expect(backoffSeconds(-3)).toBe(0);
  });

  it("is deterministic", () => {
    expect(backoffSeconds(5)).toBe(backoffSeconds(5));
  });
});

describe("isBlockedAddress", () => {
  it.each([
    "127.0.0.1",
    "127.8.8.8",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "[::1]",
    "64:ff9b::a00:1",
    // IPv4-compatible (::/96, deprecated): connects to the embedded IPv4 address on some stacks.
    "::7f00:1",
    "::127.0.0.1",
    "[::127.0.0.1]",
    "[::7f00:1]",
    "::a9fe:a9fe",
    "::8.8.8.8",
    "[::ffff:127.0.0.1]",
    "::ffff:7f00:1",
    "::ffff:0:7f00:1",
    "2002:7f00:1::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "2001:db8::1",
    "100::1",
    "fec0::1",
    "4000::1",
    "fe80::1%eth0",
    "garbage",
  ])("blocks %s", (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each(["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "[2001:4860:4860::8888]", "::ffff:8.8.8.8"])(
    "allows %s",
    (ip) => {
      expect(isBlockedAddress(ip)).toBe(false);
    },
  );

  it("the connect-time lookup refuses names that resolve to loopback", async () => {
    const error = await new Promise<unknown>((resolve) => safeLookup("localhost", {}, (err) => resolve(err)));
    expect(error).toBeInstanceOf(BlockedAddressError);
  });
});

describe("feedUrlProblem", () => {
  it("accepts public http and https addresses", () => {
    expect(feedUrlProblem("https://news.example.org/rss.xml")).toBeUndefined();
    expect(feedUrlProblem("http://203.0.113.9:8080/feed?x=1#top")).toBeUndefined();
  });

  it("says in words what is wrong with the others", () => {
    expect(feedUrlProblem("http://user:secret@example.org/feed.xml")).toMatch(/user name or password/);
    expect(feedUrlProblem("https://token@example.org/feed.xml")).toMatch(/user name or password/);
    expect(feedUrlProblem("file:///etc/passwd")).toMatch(/Only http and https.*not file/);
    expect(feedUrlProblem("not a url")).toMatch(/not a valid web address/);
  });
});

describe("headers", () => {
  it("parses Retry-After and Cache-Control", () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT"))).toBe(60);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 08:00:00 GMT"))).toBe(0);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseMaxAge("public, max-age=600")).toBe(600);
    expect(parseMaxAge("no-cache")).toBeNull();
  });
});

describe("htmlToText and charset edge cases", () => {
  it("decodes entities, drops tags and collapses whitespace", () => {
    expect(htmlToText("<div>  a&nbsp;&amp;   b <br> c&#x27;s  </div><noscript>x</noscript>")).toBe("a & b\nc's");
  });

  it("turns garbage bytes into replacement characters", () => {
    const { text } = decodeBody(Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0xfd, 0x3e]), "text/xml; charset=utf-8");
    expect(text).toBe("<a\uFFFD\uFFFD\uFFFD>");
  });
});
