import { createSession, createTenant, createUser, type Tenant } from "@klinik/db";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "./support/harness.ts";

/**
 * Feeds (issue 13 part 6): RSS 2.0, Atom and JSON Feed of published clarifications per
 * clinic and instance-wide, parsed back with rss-parser; verdict in every entry; drafts
 * and withdrawn ones absent; ETag/Last-Modified answered 304 until something changes.
 */

const parser = new Parser({ customFields: { item: [["category", "categories", { keepArray: true }]] } });

describe.each(DIALECTS)("feeds on %s", (dialect) => {
  let h: Harness;
  let palu: Tenant;
  let auth: Record<string, string>;
  let otherAuth: Record<string, string>;
  const ids: Record<string, string> = {};

  const person = async (tenant: Tenant, email: string) => {
    const u = await createUser(h.db.db, {
      tenantId: tenant.id,
      email,
      name: email,
      password: "kata-sandi-uji",
      role: "admin",
    });
    return { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` };
  };
  const clarify = async (who: Record<string, string>, title: string, verdict: string, publish = true) => {
    const d = await call(h, "POST", "/api/v1/clarifications", {
      headers: who,
      body: { title, body: `Penjelasan ${title} & <b>rincian</b>.`, verdict },
    });
    if (publish) await call(h, "POST", `/api/v1/clarifications/${d.body.id}/publish`, { headers: who });
    return d.body.id as string;
  };
  const get = (path: string, headers: Record<string, string> = {}) => h.app.request(path, { headers });

  beforeAll(async () => {
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
    palu = await createTenant(h.db.db, { slug: "kota-palu", name: "Kota Palu" });
    const poso = await createTenant(h.db.db, { slug: "kab-poso", name: "Kabupaten Poso" });
    auth = await person(palu, "admin@palu.test");
    otherAuth = await person(poso, "admin@poso.test");
    ids.a = await clarify(auth, "Vaksin tidak mengandung chip", "false");
    ids.b = await clarify(auth, "Bansos tiga juta menyesatkan", "misleading");
    ids.draft = await clarify(auth, "Masih draf", "false", false);
    ids.gone = await clarify(auth, "Akan ditarik", "false");
    await call(h, "POST", `/api/v1/clarifications/${ids.gone}/withdraw`, { headers: auth, body: { reason: "Keliru" } });
    ids.poso = await clarify(otherAuth, "Banjir Poso hoaks", "false");
  });
  afterAll(async () => h?.close());

  it("serves a clinic's RSS 2.0 with the verdict in every entry, drafts and withdrawn ones left out", async () => {
    const res = await get("/k/kota-palu/feed.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const feed = await parser.parseString(await res.text());
    expect(feed.title).toContain("Kota Palu");
    expect(feed.items.map((i) => i.title).sort()).toEqual([
      "[Menyesatkan] Bansos tiga juta menyesatkan",
      "[Salah/Hoaks] Vaksin tidak mengandung chip",
    ]);
    const a = feed.items.find((i) => i.link?.endsWith(ids.a ?? ""));
    expect(a?.link).toMatch(/\/k\/kota-palu\/klarifikasi\//);
    expect(a?.categories).toContain("Salah/Hoaks");
    // Readers render content as HTML: the clarification's text stays text.
    expect(a?.content).toContain("&lt;b&gt;rincian");
  });

  it("serves Atom and JSON Feed of the same entries", async () => {
    const atom = await get("/k/kota-palu/feed.atom");
    expect(atom.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const parsed = await parser.parseString(await atom.text());
    expect(parsed.items.length).toBe(2);
    expect(parsed.items.every((i) => /^\[(Salah\/Hoaks|Menyesatkan)\] /.test(i.title ?? ""))).toBe(true);
    const json = await get("/k/kota-palu/feed.json");
    expect(json.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    const jf = (await json.json()) as { version: string; items: { tags?: string[] }[] };
    expect(jf.version).toBe("https://jsonfeed.org/version/1");
    expect(jf.items.length).toBe(2);
    expect(jf.items.map((i: { tags?: string[] }) => i.tags?.[0]).sort()).toEqual(["Menyesatkan", "Salah/Hoaks"]);
  });

  it("serves the instance-wide feeds with every clinic's published clarifications", async () => {
    for (const ext of ["xml", "atom"]) {
      const feed = await parser.parseString(await (await get(`/k/feed.${ext}`)).text());
      expect(feed.items.length).toBe(3);
      expect(feed.items.some((i) => i.link?.includes("/k/kab-poso/klarifikasi/"))).toBe(true);
    }
    expect(((await (await get("/k/feed.json")).json()) as { items: unknown[] }).items.length).toBe(3);
  });

  it("answers 304 until a publication, correction or withdrawal changes the feed", async () => {
    const first = await get("/k/kota-palu/feed.xml");
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^".+"$/);
    expect((await get("/k/kota-palu/feed.xml", { "if-none-match": etag })).status).toBe(304);
    expect((await get("/k/kota-palu/feed.xml", { "if-modified-since": lastModified })).status).toBe(304);
    // Another clinic's publication leaves this clinic's feed as it was.
    await clarify(otherAuth, "Hoaks lain di Poso", "false");
    expect((await get("/k/kota-palu/feed.xml", { "if-none-match": etag })).status).toBe(304);
    await new Promise((r) => setTimeout(r, 1_100)); // Last-Modified has whole seconds
    await call(h, "PATCH", `/api/v1/clarifications/${ids.a}`, {
      headers: auth,
      body: { body: "Penjelasan baru dengan sumber resmi.", correction: "Sumber ditambahkan" },
    });
    const after = await get("/k/kota-palu/feed.xml", { "if-none-match": etag });
    expect(after.status).toBe(200);
    const etag2 = after.headers.get("etag") ?? "";
    expect(etag2).not.toBe(etag);
    expect((await get("/k/kota-palu/feed.xml", { "if-modified-since": lastModified })).status).toBe(200);
    await call(h, "POST", `/api/v1/clarifications/${ids.b}/withdraw`, { headers: auth, body: { reason: "Keliru" } });
    const withdrawn = await get("/k/kota-palu/feed.xml", { "if-none-match": etag2 });
    expect(withdrawn.status).toBe(200);
    expect((await parser.parseString(await withdrawn.text())).items.length).toBe(1);
  });

  it("links every feed to a site page that exists (a reader's 'visit website')", async () => {
    for (const [base, home] of [
      ["/k/kota-palu", "/k/kota-palu"],
      ["/k", "/k"],
    ] as const) {
      const rss = await parser.parseString(await (await get(`${base}/feed.xml`)).text());
      const atom = await (await get(`${base}/feed.atom`)).text();
      const json = (await (await get(`${base}/feed.json`)).json()) as { home_page_url: string };
      const links = [
        rss.link ?? "",
        /<link rel="alternate" href="([^"]+)"/.exec(atom)?.[1] ?? "",
        json.home_page_url,
      ].map((l) => new URL(l).pathname);
      expect(links, base).toEqual([home, home, home]);
      expect((await get(home)).status, home).toBe(200);
    }
  });

  it("answers an unknown clinic with the public 404", async () => {
    const res = await get("/k/tidak-ada/feed.xml");
    expect(res.status).toBe(404);
  });
});
