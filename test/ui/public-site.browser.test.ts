import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimReviewProblems } from "../support/claim-review-rules.ts";
import { call, createClinic, createHarness, type Harness } from "../support/harness.ts";
import { launchChromium, screenshot, seedClaim, serveApp } from "./support.ts";

const HOAX = "Mulai besok WhatsApp bayar 5 ribu per bulan kalau pesan ini tidak diteruskan ke 20 kontak. Sebarkan!";

/**
 * In Chromium, as a member of the public on a phone: a published clarification
 * carries valid ClaimReview and link-preview tags; the report form, sent without
 * script, answers with a ticket page that shows the report's progress.
 */
describe("the public site in a browser", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let ctx: BrowserContext;
  let id = "";

  beforeAll(async () => {
    h = await createHarness();
    const clinic = await createClinic(h, "jabar");
    await h.db.db
      .updateTable("tenants")
      .set({ display_name: "Diskominfo Jawa Barat" })
      .where("id", "=", clinic.tenant.id)
      .execute();
    const claim = await seedClaim(h, clinic.tenant.id, { text: HOAX, url: "https://medsos.test/p/1", score: 0.9 });
    const made = await call(h, "POST", "/api/v1/clarifications", {
      headers: clinic.auth,
      body: { title: "WhatsApp tidak memungut biaya bulanan", body: HOAX, verdict: "false", itemIds: claim.itemIds },
    });
    id = made.body.id;
    await call(h, "POST", `/api/v1/clarifications/${id}/publish`, { headers: clinic.auth });
    server = await serveApp(h);
    browser = await launchChromium();
    // A phone without script: the public site must work as plain HTML.
    ctx = await browser.newContext({
      locale: "id-ID",
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: false,
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it("shows a published clarification with valid ClaimReview and OpenGraph", async () => {
    const page = await ctx.newPage();
    await page.goto(`${server.url}/k/jabar/klarifikasi/${id}`);
    await expect.poll(() => page.locator("h1").textContent()).toContain("WhatsApp tidak memungut biaya bulanan");
    const ld = await page.locator('script[type="application/ld+json"]').textContent();
    const doc = JSON.parse(ld ?? "{}");
    expect(claimReviewProblems(doc)).toEqual([]);
    expect(doc.url).toBe(`${server.url}/k/jabar/klarifikasi/${id}`);
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe(
      "[Salah/Hoaks] WhatsApp tidak memungut biaya bulanan",
    );
    expect(await page.locator('meta[name="twitter:card"]').getAttribute("content")).toBe("summary");
    const source = page.locator('a[href="https://medsos.test/p/1"]');
    expect(await source.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    await screenshot(page, "public-clarification");
    await page.close();
  });

  it("takes a report through the form and answers with its ticket page", async () => {
    const page = await ctx.newPage();
    await page.goto(`${server.url}/k/jabar`);
    await page.getByRole("link", { name: "Laporkan hoaks" }).first().click();
    await page
      .getByLabel("Isi pesan yang Anda terima")
      .fill("Ada pembagian sembako gratis di balai desa, daftar lewat bit.ly/sembako");
    await page.getByLabel("Tautan (jika ada)").fill("https://medsos.test/p/2");
    await page.getByLabel(/Kontak Anda/).fill("warga@contoh.test");
    // A person takes a moment to fill a form; the signed stamp refuses posts within 2 s.
    await page.waitForTimeout(2_100);
    await page.getByRole("button", { name: "Kirim laporan" }).click();
    await page.waitForURL(/\/k\/jabar\/laporan\/[3-9A-Y]{5}-[3-9A-Y]{5}/);
    expect(await page.locator("[data-ticket]").textContent()).toMatch(/^[3-9A-Y]{5}-[3-9A-Y]{5}$/);
    expect(await page.locator("[data-stage]").getAttribute("data-stage")).toBe("received");
    expect(await page.content()).not.toContain("warga@contoh.test");
    await screenshot(page, "public-ticket");
    // The reporter comes back later with the code.
    const ticket = (await page.locator("[data-ticket]").textContent()) ?? "";
    await page.goto(`${server.url}/k/jabar/lapor`);
    await page.getByLabel("Kode tiket").fill(ticket.toLowerCase());
    await page.getByRole("button", { name: "Lihat status laporan" }).click();
    await page.waitForURL(new RegExp(`/k/jabar/laporan/${ticket}$`));
    await page.close();
  });
});
