import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, fixture, type Handler, serve, startFixtureServer } from "./fixture-server.ts";
import { type ConditionalState, type FetchOptions, type FetchResult, fetchSource } from "./index.ts";

let srv: FixtureServer;
const none: ConditionalState = { etag: null, lastModified: null };
const opts: FetchOptions = { allowPrivate: true, timeoutMs: 5_000 };
const MiB = 1024 * 1024;

beforeAll(async () => {
  srv = await startFixtureServer();
});
afterAll(() => srv.close());

function rss(path: string, extra: Partial<FetchOptions> = {}, state = none) {
  return fetchSource({ kind: "rss", url: srv.origin + path }, state, { ...opts, ...extra });
}

function ok(result: FetchResult) {
  if (result.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

function err(result: FetchResult) {
  if (result.kind !== "error") throw new Error(`expected error, got ${result.kind}`);
  return result;
}

function item(fields: string): string {
  return `<item>${fields}</item>`;
}

function rss2(items: string, channelExtra = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://example.org/</link>${channelExtra}${items}</channel></rss>`;
}

/** Writes `chunk` repeatedly until the client goes away or `times` is reached. */
function stream(chunk: Buffer, times: number, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.on("error", () => {});
    res.writeHead(200, { "content-type": "application/rss+xml", ...headers });
    let sent = 0;
    const pump = () => {
      while (sent < times && !res.destroyed) {
        sent++;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
}

describe("conditional GET and caching hints", () => {
  it("sends stored validators and maps 304 to not_modified", async () => {
    srv.route("/cond", (req, res) => {
      if (
        req.headers["if-none-match"] === '"v1"' &&
        req.headers["if-modified-since"] === "Tue, 02 Jan 2024 00:00:00 GMT"
      ) {
        res.writeHead(304, { etag: '"v1"', "cache-control": "max-age=900" });
        return void res.end();
      }
      serve(fixture("rss2.xml"), {
        etag: '"v1"',
        "last-modified": "Tue, 02 Jan 2024 00:00:00 GMT",
        "cache-control": "public, max-age=3600",
      })(req, res);
    });
    const first = ok(await rss("/cond"));
    expect(first).toMatchObject({ etag: '"v1"', lastModified: "Tue, 02 Jan 2024 00:00:00 GMT", minIntervalSec: 3600 });
    const second = await rss("/cond", {}, { etag: first.etag, lastModified: first.lastModified });
    expect(second).toEqual({
      kind: "not_modified",
      status: 304,
      etag: '"v1"',
      lastModified: "Tue, 02 Jan 2024 00:00:00 GMT",
      minIntervalSec: 900,
    });
  });

  it("ignores a stored validator that would corrupt the request", async () => {
    srv.route("/cond-bad", serve(fixture("rss2.xml")));
    ok(await rss("/cond-bad", {}, { etag: '"x"\r\nX-Injected: 1', lastModified: null }));
    expect(srv.requests.at(-1)?.headers["x-injected"]).toBeUndefined();
  });
});

describe("content that is not a feed", () => {
  it("rejects plain text", async () => {
    srv.route("/text", serve("Hello, this is not a feed at all.", { "content-type": "text/plain" }));
    const e = err(await rss("/text"));
    expect(e.code).toBe("not_xml");
    expect(e.message).toContain("neither XML nor JSON");
  });

  it("rejects an HTML page and names the feed it links to", async () => {
    srv.route(
      "/page",
      serve(
        '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"><title>Blog</title></head><body>Hi</body></html>',
        { "content-type": "text/html; charset=utf-8" },
      ),
    );
    const e = err(await rss("/page"));
    expect(e.code).toBe("html_page");
    expect(e.message).toContain("the URL returned an HTML page, not a feed");
    expect(e.message).toContain(`${srv.origin}/feed.xml`);
    srv.route("/page2", serve("<html><body><p>no feed link</p></body></html>", { "content-type": "text/html" }));
    const plain = err(await rss("/page2"));
    expect(plain.code).toBe("html_page");
    expect(plain.message).not.toContain("use this URL");
  });

  it("reports truncated XML", async () => {
    const full = fixture("rss2.xml").toString("utf8");
    srv.route("/truncated", serve(full.slice(0, Math.floor(full.length * 0.6))));
    expect(err(await rss("/truncated")).code).toBe("truncated_xml");
  });

  it("reports broken XML and XML that is not a feed", async () => {
    srv.route("/broken", serve("<rss version='2.0'><channel><item></channel></rss>"));
    expect(err(await rss("/broken")).code).toBe("invalid_xml");
    srv.route(
      "/svg",
      serve('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', { "content-type": "image/svg+xml" }),
    );
    expect(err(await rss("/svg")).code).toBe("not_a_feed");
    srv.route("/empty-rss", serve("<rss version='2.0'/>"));
    const empty = err(await rss("/empty-rss"));
    expect(empty).toMatchObject({ code: "not_a_feed", status: 200 });
    expect(empty.message).not.toContain("undefined");
    srv.route("/json-other", serve('{"hello":"world"}', { "content-type": "application/json" }));
    expect(err(await rss("/json-other")).code).toBe("not_a_feed");
    srv.route(
      "/json-broken",
      serve('{"version":"https://jsonfeed.org/version/1.1","items":[', { "content-type": "application/json" }),
    );
    expect(err(await rss("/json-broken")).code).toBe("invalid_json");
  });

  it("maps HTTP errors to words", async () => {
    const e = err(await rss("/does-not-exist"));
    expect(e).toMatchObject({ status: 404, code: "http_error", retryAfterSec: null });
    expect(e.message).toContain("not found");
  });
});

describe("size limits and compression", () => {
  it("cuts off a 50 MiB streamed body", async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    srv.route("/huge", stream(chunk, (50 * MiB) / chunk.length));
    const e = err(await rss("/huge"));
    expect(e.code).toBe("too_large");
    expect(e.message).toContain("15 MiB");
  });

  it("refuses a body whose Content-Length is over the limit without reading it", async () => {
    srv.route("/declared", (_req, res) => {
      res.on("error", () => {});
      res.writeHead(200, { "content-type": "application/rss+xml", "content-length": String(50 * MiB) });
      res.write("<rss>");
    });
    expect(err(await rss("/declared")).code).toBe("too_large");
  });

  it("stops a gzip bomb (1 GiB of zeros) at the decompressed limit", async () => {
    // gzip streams may be concatenated: 64 members of 16 MiB zeros each inflate to 1 GiB.
    const member = gzipSync(Buffer.alloc(16 * MiB));
    expect(member.length).toBeLessThan(64 * 1024);
    srv.route("/bomb", stream(member, 64, { "content-encoding": "gzip" }));
    const e = err(await rss("/bomb"));
    expect(e.code).toBe("too_large");
    expect(e.message).toContain("decompressed");
  });

  it.each([
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["deflate", deflateRawSync],
    ["br", brotliCompressSync],
  ] as const)("decodes %s", async (encoding, compress) => {
    const path = `/enc-${encoding}-${compress.name}`;
    srv.route(path, serve(compress(fixture("rss2.xml")), { "content-encoding": encoding }));
    const r = ok(await rss(path));
    expect(r.entries).toHaveLength(2);
    expect(srv.requests.at(-1)?.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("reports corrupt compressed data", async () => {
    srv.route("/corrupt-gzip", serve(Buffer.from("this is not gzip at all"), { "content-encoding": "gzip" }));
    expect(err(await rss("/corrupt-gzip")).code).toBe("decompression_error");
  });
});

describe("character sets", () => {
  const body = (encoding: string, title: string) =>
    `<?xml version="1.0" encoding="${encoding}"?><rss version="2.0"><channel><title>c</title><item><title>${title}</title><description>d</description></item></channel></rss>`;

  it("decodes windows-1252 from the Content-Type header", async () => {
    const bytes = iconv.encode(body("windows-1252", "\u201cObat\u201d \u20ac5 caf\u00e9"), "windows-1252");
    srv.route("/cp1252", serve(bytes, { "content-type": "application/rss+xml; charset=windows-1252" }));
    expect(ok(await rss("/cp1252")).entries[0]?.title).toBe("\u201cObat\u201d \u20ac5 caf\u00e9");
  });

  it("decodes ISO-8859-1 from the XML declaration", async () => {
    const bytes = iconv.encode(body("ISO-8859-1", "Gr\u00fc\u00dfe aus K\u00f6ln"), "latin1");
    srv.route("/latin1", serve(bytes, { "content-type": "application/xml" }));
    expect(ok(await rss("/latin1")).entries[0]?.title).toBe("Gr\u00fc\u00dfe aus K\u00f6ln");
  });

  it("survives a wrong declared charset: bad bytes become replacement characters", async () => {
    const bytes = iconv.encode(body("utf-8", "caf\u00e9"), "latin1");
    srv.route("/wrong", serve(bytes, { "content-type": "application/rss+xml; charset=utf-8" }));
    expect(ok(await rss("/wrong")).entries[0]?.title).toBe("caf\uFFFD");
  });

  it("warns about an unknown charset label and falls back", async () => {
    srv.route(
      "/bogus",
      serve(Buffer.from(body("utf-8", "ok \u00e9"), "utf8"), { "content-type": "text/xml; charset=x-klingon-9" }),
    );
    const r = ok(await rss("/bogus"));
    expect(r.entries[0]?.title).toBe("ok \u00e9");
    expect(r.warnings.join(" ")).toContain("x-klingon-9");
  });

  it("honours a UTF-8 BOM", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body("utf-8", "\u00e9t\u00e9"), "utf8")]);
    srv.route("/bom8", serve(bytes, { "content-type": "application/rss+xml" }));
    expect(ok(await rss("/bom8")).entries[0]?.title).toBe("\u00e9t\u00e9");
  });

  it.each(["utf-16le", "utf-16be"])("honours a %s BOM even when the header says otherwise", async (enc) => {
    const bytes = iconv.encode(body("UTF-16", "\u0421\u043f\u0438\u0440\u0442 \u2014 \u00e9"), enc, { addBOM: true });
    srv.route(`/bom-${enc}`, serve(bytes, { "content-type": "application/rss+xml; charset=utf-8" }));
    expect(ok(await rss(`/bom-${enc}`)).entries[0]?.title).toBe("\u0421\u043f\u0438\u0440\u0442 \u2014 \u00e9");
  });
});

describe("hostile XML", () => {
  it("decodes ordinary entities", async () => {
    srv.route("/entities", serve(rss2(item("<title>A &amp; B &#233; &#x2014; &lt;ok&gt;</title>"))));
    expect(ok(await rss("/entities")).entries[0]?.title).toBe("A & B \u00e9 \u2014");
  });

  it("refuses entity declarations (billion laughs) before parsing", async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>`;
    srv.route("/laughs", serve(laughs));
    const e = err(await rss("/laughs"));
    expect(e.code).toBe("dtd_rejected");
    expect(e.message).toContain("entities");
    srv.route(
      "/xxe",
      serve(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>',
      ),
    );
    expect(err(await rss("/xxe")).code).toBe("dtd_rejected");
  });

  it("does not let <__proto__> or <constructor> tags pollute prototypes", async () => {
    const evil = rss2(
      item(
        "<__proto__><polluted>yes</polluted><isAdmin>true</isAdmin></__proto__>" +
          "<constructor><prototype><polluted>yes</polluted></prototype></constructor>" +
          '<title>still here</title><guid __proto__="x">g1</guid><description>d</description>',
      ),
      "<__proto__><polluted>channel</polluted></__proto__><constructor><prototype><polluted>c</polluted></prototype></constructor>",
    );
    srv.route("/proto", serve(evil));
    const r = ok(await rss("/proto"));
    expect(r.entries[0]).toMatchObject({ title: "still here", guid: "g1", text: "d" });
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
    expect(typeof Object.prototype.constructor).toBe("function");
  });

  it("turns script, iframe and event handlers into inert text", async () => {
    const html =
      '<p>Safe <img src=x onerror="alert(1)">text<script>alert("xss")</script><iframe src="javascript:alert(2)">inside frame</iframe>' +
      '<style>p{color:red}</style><a href="javascript:alert(3)" onclick="alert(4)">link</a></p>';
    srv.route(
      "/xss",
      serve(
        rss2(
          item(
            `<title>&lt;script&gt;alert(5)&lt;/script&gt;Title</title><description><![CDATA[${html}]]></description>`,
          ) +
            item(
              "<title>escaped</title><description>&amp;lt;script&amp;gt;alert(6)&amp;lt;/script&amp;gt;</description>",
            ),
        ),
      ),
    );
    const [first, second] = ok(await rss("/xss")).entries;
    expect(first?.text).toBe("Safe text link");
    expect(first?.title).toBe("Title");
    for (const field of [first?.text, first?.title]) {
      expect(field).not.toMatch(/alert|<|onerror|javascript|inside frame|color/);
    }
    // Double-escaped markup is shown as the literal text it is; no tag survives as markup.
    expect(second?.text).toBe("<script>alert(6)</script>");
  });
});

describe("entry handling", () => {
  it("keeps the newest maxEntries of 10,000 entries and warns", async () => {
    const start = Date.UTC(2023, 0, 1);
    const items = Array.from({ length: 10_000 }, (_, i) =>
      item(
        `<title>n${i}</title><guid>g${i}</guid><pubDate>${new Date(start + i * 60_000).toUTCString()}</pubDate><description>x</description>`,
      ),
    ).join("");
    srv.route("/many", serve(rss2(items)));
    const r = ok(await rss("/many", { maxEntries: 1000 }));
    expect(r.entries).toHaveLength(1000);
    expect(r.entries[0]?.guid).toBe("g9999");
    expect(r.entries[999]?.guid).toBe("g9000");
    expect(r.warnings.join(" ")).toContain("10000 entries");
  });

  it("lets entries without guid, link or date through", async () => {
    srv.route("/bare", serve(rss2(item("<description>only text</description>") + item("<title>only title</title>"))));
    const r = ok(await rss("/bare"));
    expect(r.entries).toEqual([
      { guid: null, url: null, title: null, text: "only text", author: null, publishedAt: null },
      { guid: null, url: null, title: "only title", text: "", author: null, publishedAt: null },
    ]);
  });

  it("nulls future and garbage dates with warnings (RSS and Atom)", async () => {
    const future = new Date(Date.now() + 3 * 24 * 3600 * 1000).toUTCString();
    const soon = new Date(Date.now() + 3600 * 1000);
    srv.route(
      "/dates",
      serve(
        rss2(
          item(`<guid>future</guid><pubDate>${future}</pubDate>`) +
            item("<guid>garbage</guid><pubDate>not a date, 99 Foo 20x4</pubDate>") +
            item(`<guid>soon</guid><pubDate>${soon.toUTCString()}</pubDate>`),
        ),
      ),
    );
    const r = ok(await rss("/dates"));
    const byGuid = Object.fromEntries(r.entries.map((e) => [e.guid, e.publishedAt]));
    expect(byGuid.future).toBeNull();
    expect(byGuid.garbage).toBeNull();
    expect(byGuid.soon).toBeInstanceOf(Date);
    expect(r.warnings.join(" ")).toMatch(/unreadable date/);
    expect(r.warnings.join(" ")).toMatch(/in the future/);

    srv.route(
      "/atom-dates",
      serve(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>a</id><title>x</title><published>yesterday-ish</published><updated>garbage</updated></entry></feed>',
        { "content-type": "application/atom+xml" },
      ),
    );
    const atom = ok(await rss("/atom-dates"));
    expect(atom.entries[0]).toMatchObject({ guid: "a", publishedAt: null });
  });

  it("trims absurdly long fields", async () => {
    srv.route(
      "/long",
      serve(rss2(item(`<title>${"T".repeat(5000)}</title><description>${"word ".repeat(40_000)}</description>`))),
    );
    const r = ok(await rss("/long"));
    expect(r.entries[0]?.title).toHaveLength(1000);
    expect(r.entries[0]?.text.length).toBe(100_000);
    expect(r.warnings.join(" ")).toContain("shortened");
  });
});

describe("redirects and rate limits", () => {
  it("follows a redirect chain", async () => {
    srv.route("/r1", (_req, res) => void res.writeHead(301, { location: "/r2" }).end());
    srv.route("/r2", (_req, res) => void res.writeHead(302, { location: `${srv.origin}/rss2-target` }).end());
    srv.route("/rss2-target", serve(fixture("rss2.xml")));
    expect(ok(await rss("/r1")).entries).toHaveLength(2);
  });

  it("detects a redirect loop", async () => {
    srv.route("/loop-a", (_req, res) => void res.writeHead(302, { location: "/loop-b" }).end());
    srv.route("/loop-b", (_req, res) => void res.writeHead(307, { location: "/loop-a#frag" }).end());
    expect(err(await rss("/loop-a")).code).toBe("redirect_loop");
  });

  it("stops after too many redirects", async () => {
    srv.route("/hop", (req, res) => {
      const n = Number(new URL(req.url ?? "", "http://x").searchParams.get("n") ?? "0");
      res.writeHead(302, { location: `/hop?n=${n + 1}` }).end();
    });
    const before = srv.requests.length;
    expect(err(await rss("/hop", { maxRedirects: 3 })).code).toBe("too_many_redirects");
    expect(srv.requests.length - before).toBe(4);
  });

  it("refuses redirects to other schemes", async () => {
    srv.route("/to-file", (_req, res) => void res.writeHead(302, { location: "file:///etc/passwd" }).end());
    expect(err(await rss("/to-file")).code).toBe("bad_redirect");
  });

  it("reports 429 with Retry-After seconds and 503 with an HTTP date", async () => {
    srv.route("/429", serve("slow down", { "retry-after": "120" }, 429));
    expect(await rss("/429")).toMatchObject({ kind: "error", status: 429, code: "rate_limited", retryAfterSec: 120 });
    const at = new Date(Date.now() + 600_000).toUTCString();
    srv.route("/503", serve("maintenance", { "retry-after": at }, 503));
    const e = err(await rss("/503"));
    expect(e).toMatchObject({ status: 503, code: "unavailable" });
    expect(e.retryAfterSec).toBeGreaterThan(500);
    expect(e.retryAfterSec).toBeLessThanOrEqual(600);
  });
});

describe("SSRF protection", () => {
  const strict = { allowPrivate: false, timeoutMs: 2_000 };

  it("refuses 127.0.0.1 without connecting", async () => {
    srv.route("/secret", serve(fixture("rss2.xml")));
    const before = srv.connections();
    const e = err(await fetchSource({ kind: "rss", url: `${srv.origin}/secret` }, none, strict));
    expect(e.code).toBe("blocked_address");
    expect(e.message).toContain("private");
    expect(srv.connections()).toBe(before);
  });

  it("refuses the cloud metadata address 169.254.169.254", async () => {
    const e = err(await fetchSource({ kind: "rss", url: "http://169.254.169.254/latest/meta-data/" }, none, strict));
    expect(e.code).toBe("blocked_address");
  });

  it("refuses a hostname that resolves to loopback (checked at connect time)", async () => {
    const port = new URL(srv.origin).port;
    const before = srv.connections();
    const e = err(await fetchSource({ kind: "rss", url: `http://localhost:${port}/secret` }, none, strict));
    expect(e.code).toBe("blocked_address");
    expect(srv.connections()).toBe(before);
  });

  it("refuses non-http schemes", async () => {
    for (const url of ["file:///etc/passwd", "ftp://example.org/feed", "gopher://x"]) {
      expect(err(await fetchSource({ kind: "rss", url }, none, opts)).code).toBe("unsupported_scheme");
    }
    expect(err(await fetchSource({ kind: "rss", url: "not a url" }, none, opts)).code).toBe("invalid_url");
  });
});

describe("timeouts, cancellation and concurrency", () => {
  it("cuts off a server that trickles bytes", async () => {
    srv.route("/trickle", (_req, res) => {
      res.on("error", () => {});
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write("<rss version='2.0'><channel>");
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    });
    const started = Date.now();
    const e = err(await rss("/trickle", { timeoutMs: 300, idleTimeoutMs: 200 }));
    expect(e.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("cuts off a server that goes silent", async () => {
    srv.route("/silent", (_req, res) => {
      res.on("error", () => {});
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write("<rss>");
    });
    const e = err(await rss("/silent", { timeoutMs: 5_000, idleTimeoutMs: 150 }));
    expect(e.code).toBe("timeout");
    expect(e.message).toContain("stopped sending");
  });

  it("returns aborted when the caller's signal fires", async () => {
    srv.route("/hang", () => {});
    const ctrl = new AbortController();
    const pending = rss("/hang", { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 50);
    expect(err(await pending).code).toBe("aborted");
  });

  it("allows at most 2 concurrent requests per host", async () => {
    let active = 0;
    let peak = 0;
    srv.route("/slowish", (req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        serve(fixture("rss2.xml"))(req, res);
      }, 40);
    });
    const results = await Promise.all(Array.from({ length: 6 }, () => rss("/slowish")));
    expect(results.every((r) => r.kind === "ok")).toBe(true);
    expect(peak).toBe(2);
  });
});
