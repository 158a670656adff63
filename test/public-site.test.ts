import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimReviewProblems, jsonLdBlocks, metaTag } from "./support/claim-review-rules.ts";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { seedClaim } from "./ui/support.ts";

const BODY = "Tidak ada chip dalam vaksin. Rujukan: https://kemkes.test/rilis/vaksin-aman. Bukan javascript:alert(1)";

/** Publishes a clarification of the claim through the API; its id. */
async function publish(h: Harness, auth: Record<string, string>, itemIds: string[], title: string, body: string) {
  const made = await call(h, "POST", "/api/v1/clarifications", {
    headers: auth,
    body: { title, body, verdict: "false", itemIds },
  });
  expect(made.status).toBe(201);
  expect((await call(h, "POST", `/api/v1/clarifications/${made.body.id}/publish`, { headers: auth })).status).toBe(200);
  return made.body.id as string;
}

for (const dialect of DIALECTS) {
  describe(`public site on ${dialect}`, () => {
    let h: Harness;
    let clinic: Awaited<ReturnType<typeof createClinic>>;
    let id: string;
    let hostileId: string;
    let draftId: string;
    const page = (path: string, headers: Record<string, string> = {}) => h.app.request(path, { headers });

    beforeAll(async () => {
      h = await createHarness({}, dialect);
      clinic = await createClinic(h, "jabar");
      await h.db.db
        .updateTable("tenants")
        .set({ region_code: "32", display_name: "Diskominfo Jawa Barat", contact: "aduan@jabarprov.test" })
        .where("id", "=", clinic.tenant.id)
        .execute();
      const other = await createClinic(h, "bali");
      await h.db.db.updateTable("tenants").set({ region_code: "51" }).where("id", "=", other.tenant.id).execute();
      const claim = await seedClaim(h, clinic.tenant.id, {
        text: "Vaksin mengandung chip pelacak 5G, sebarkan ke semua grup!",
        url: "https://medsos.test/post/123",
        score: 0.9,
      });
      id = await publish(h, clinic.auth, claim.itemIds, "Vaksin tidak mengandung chip pelacak", BODY);
      const hostile = await seedClaim(h, clinic.tenant.id, { text: "</script><script>alert(1)</script>", score: 0.8 });
      hostileId = await publish(h, clinic.auth, hostile.itemIds, "</script><script>alert('x')</script> & <b>", "Isi");
      const otherClaim = await seedClaim(h, other.tenant.id, { text: "Air laut naik besok", score: 0.7 });
      await publish(h, other.auth, otherClaim.itemIds, "Banjir rob bukan besok", "Penjelasan");
      const draft = await call(h, "POST", "/api/v1/clarifications", {
        headers: clinic.auth,
        body: { title: "Draf rahasia", body: "Belum terbit", verdict: "false", itemIds: [] },
      });
      draftId = draft.body.id;
    });
    afterAll(async () => h?.close());

    it("serves a clinic home with its name, search, report and check links, and its clarifications", async () => {
      const res = await page("/k/jabar");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Diskominfo Jawa Barat");
      expect(html).toContain('action="/k/jabar/cek"');
      expect(html).toContain('href="/k/jabar/lapor"');
      expect(html).toContain(`href="/k/jabar/klarifikasi/${id}"`);
      expect(html).toContain("aduan@jabarprov.test");
      expect(html).not.toContain("Draf rahasia");
      expect(html).not.toContain("Banjir rob");
      expect(html).not.toContain("<script src");
      const list = await (await page("/k/jabar/klarifikasi")).text();
      expect(list).toContain("Vaksin tidak mengandung chip pelacak");
    });

    it("lists every clinic's clarifications and filters them by province", async () => {
      const all = await (await page("/k")).text();
      expect(all).toContain("Vaksin tidak mengandung chip pelacak");
      expect(all).toContain("Banjir rob bukan besok");
      const bali = await (await page("/k?provinsi=51")).text();
      expect(bali).toContain("Banjir rob bukan besok");
      expect(bali).not.toContain("Vaksin tidak mengandung chip pelacak");
      expect(bali).toContain('<option value="51.71"');
      expect((await page("/k?provinsi=99")).status).toBe(400);
    });

    it("carries valid ClaimReview JSON-LD and link-preview tags on a published clarification", async () => {
      const res = await page(`/k/jabar/klarifikasi/${id}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const [doc, ...more] = jsonLdBlocks(html);
      expect(more).toEqual([]);
      expect(claimReviewProblems(doc)).toEqual([]);
      expect(doc.reviewRating).toMatchObject({
        ratingValue: 1,
        worstRating: 1,
        bestRating: 5,
        alternateName: "Salah/Hoaks",
      });
      expect(doc.claimReviewed).toContain("chip pelacak 5G");
      expect(doc.author).toMatchObject({
        "@type": "Organization",
        name: "Diskominfo Jawa Barat",
        url: "http://localhost/k/jabar",
      });
      expect(doc.itemReviewed.firstAppearance.url).toBe("https://medsos.test/post/123");
      expect(doc.url).toBe(`http://localhost/k/jabar/klarifikasi/${id}`);
      expect(metaTag(html, "og:title")).toBe("[Salah/Hoaks] Vaksin tidak mengandung chip pelacak");
      expect(metaTag(html, "og:url")).toBe(doc.url);
      expect(metaTag(html, "twitter:card")).toBe("summary");
      expect(metaTag(html, "twitter:title")).toContain("Salah/Hoaks");
      // Source and evidence links are clickable and pass nothing on; other schemes stay text.
      expect(html).toContain('<a href="https://medsos.test/post/123" rel="noopener noreferrer nofollow"');
      expect(html).toContain('<a href="https://kemkes.test/rilis/vaksin-aman" rel="noopener noreferrer nofollow"');
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).toContain('href="/k/jabar/lapor"');
    });

    it("escapes hostile titles in the page and in the JSON-LD", async () => {
      const html = await (await page(`/k/jabar/klarifikasi/${hostileId}`)).text();
      expect(html).not.toContain("<script>alert");
      expect(html.match(/<\/script>/g)?.length).toBe(1);
      const [doc] = jsonLdBlocks(html);
      expect(doc.name).toBe("</script><script>alert('x')</script> & <b>");
      expect(claimReviewProblems(doc)).toEqual([]);
    });

    it("answers a repeat visit 304 by its ETag and lets caches keep the page", async () => {
      const first = await page(`/k/jabar/klarifikasi/${id}`);
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^".+"$/);
      expect(first.headers.get("cache-control")).toContain("public");
      const again = await page(`/k/jabar/klarifikasi/${id}`, { "if-none-match": etag });
      expect(again.status).toBe(304);
      // English is its own page (own URL, own ETag).
      const en = await page(`/k/jabar/klarifikasi/${id}?lang=en`);
      expect(await en.text()).toContain("False/Hoax");
      expect(en.headers.get("etag")).not.toBe(etag);
    });

    it("answers unknown public paths, drafts and other clinics' ids with a public 404 page", async () => {
      for (const path of [
        "/k/tidak-ada",
        "/k/jabar/tidak-ada",
        `/k/jabar/klarifikasi/${draftId}`,
        `/k/bali/klarifikasi/${id}`,
        "/k/jabar/klarifikasi/%3Cx%3E",
      ]) {
        const res = await page(path);
        const html = await res.text();
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.headers.get("content-type")).toContain("text/html");
        expect(html).toContain('href="/k"');
        expect(html).not.toContain("/antrean");
        expect(html).not.toContain("/masuk");
      }
      expect(await (await page("/k/jabar/tidak-ada")).text()).toContain('href="/k/jabar"');
      // A clarification that is not (or no longer) there leads back to its clinic's home too.
      for (const path of [`/k/jabar/klarifikasi/${draftId}`, "/k/jabar/klarifikasi/%3Cx%3E"]) {
        expect(await (await page(path)).text(), path).toContain('href="/k/jabar"');
      }
    });

    it("answers a mistyped address outside /k with the public 404 page, the JSON API's with JSON", async () => {
      for (const path of ["/lapor", "/cek", "/rss", "/klarifikasi-hoaks", "/jabar", "/a/b/c?q=%3Cx%3E"]) {
        const res = await page(path);
        const html = await res.text();
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.headers.get("content-type")).toContain("text/html");
        expect(html).toContain("Halaman tidak ditemukan");
        expect(html).toContain('href="/k"');
        expect(html).not.toContain("/antrean");
        expect(html).not.toContain("<x>");
      }
      const api = await page("/api/v1/tidak-ada");
      expect([api.status, await api.json()]).toEqual([
        404,
        { error: { code: "not_found", message: "No such endpoint" } },
      ]);
    });

    it("leads an address with a trailing slash to the page without it (a link pasted with one)", async () => {
      for (const [path, to] of [
        ["/k/", "/k"],
        ["/k/jabar/", "/k/jabar"],
        [`/k/jabar/klarifikasi/${id}/?lang=en`, `/k/jabar/klarifikasi/${id}?lang=en`],
        ["/k/jabar/lapor//", "/k/jabar/lapor"],
      ]) {
        const res = await page(path as string);
        expect([path, res.status, res.headers.get("location")]).toEqual([path, 301, to]);
      }
      // Never to another site.
      for (const path of ["//evil.test/", "/\\evil.test/", "/k/..//evil.test/"]) {
        const res = await page(path);
        expect([path, res.headers.get("location")]).toEqual([path, null]);
      }
    });

    it("says in Indonesian that a region filter is unknown", async () => {
      for (const query of ["provinsi=99", "provinsi=32&kabupaten=32.99", "provinsi=%3Cb%3E"]) {
        const res = await page(`/k?${query}`);
        const html = await res.text();
        expect([query, res.status]).toEqual([query, 400]);
        expect(html).toContain("Kode wilayah tidak dikenal");
        expect(html).not.toContain("unknown code");
        expect(html).not.toContain("<b>");
      }
    });

    it("checks a message without script (GET form) and links the matching clarification", async () => {
      const html = await (
        await page(`/k/jabar/cek?q=${encodeURIComponent(`Vaksin tidak mengandung chip pelacak ${BODY}`)}`)
      ).text();
      expect(html).toContain(`href="/k/jabar/klarifikasi/${id}"`);
      const none = await (await page(`/k/jabar/cek?q=${encodeURIComponent("resep rendang padang")}`)).text();
      expect(none).toContain('href="/k/jabar/lapor"');
    });
  });
}
