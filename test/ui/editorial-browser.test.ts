import { forClinic } from "@klinik/db";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { launchChromium, loginInBrowser, screenshot, seedClaim, serveApp } from "./support.ts";

/**
 * In Chromium, without JavaScript tricks: an editor links a claim by searching, publishes
 * after confirming, corrects the published clarification (the public page lists the
 * correction), then withdraws it; its public URL says it was withdrawn and why.
 */
describe("editorial workflow in a browser", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  let claim: Awaited<ReturnType<typeof seedClaim>>;
  const contexts: BrowserContext[] = [];

  async function newPage(js = true): Promise<Page> {
    const ctx = await browser.newContext({
      locale: "id-ID",
      javaScriptEnabled: js,
      viewport: { width: 1280, height: 900 },
    });
    contexts.push(ctx);
    return ctx.newPage();
  }

  beforeAll(async () => {
    h = await createHarness();
    clinic = await createClinic(h, "kota-palu");
    claim = await seedClaim(h, clinic.tenant.id, {
      text: "Awas penculikan anak pakai mobil ambulans, sebarkan ke grup sekolah!",
      score: 0.92,
      members: 2,
    });
    server = await serveApp(h);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it("searches a claim, confirms, corrects and withdraws; the public page says it was withdrawn", async () => {
    const page = await newPage(false);
    await loginInBrowser(page, server.url, "admin@kota-palu.test");
    await page.goto(`${server.url}/klarifikasi/baru`);
    await page.getByLabel("Judul").fill("[HOAKS] Penculikan anak dengan ambulans");
    await page
      .getByLabel("Isi", { exact: true })
      .fill("Polda memastikan tidak ada laporan penculikan dengan ambulans.");
    await page.getByLabel("Cari klaim untuk ditautkan").fill("ambulans");
    await page.getByRole("button", { name: "Cari klaim" }).click();
    const box = page.locator(`[data-claim="${claim.clusterId}"] input`);
    await box.check();
    await page.getByRole("button", { name: "Pratinjau" }).click();
    expect(await page.locator('input[name="item"]:checked').count()).toBe(2);
    await page.getByRole("button", { name: "Simpan draf" }).click();
    await expect.poll(() => page.url()).toMatch(/\/klarifikasi\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").pop() ?? "";
    expect((await forClinic(h.db.db, clinic.tenant.id).getClarification(id))?.item_ids.sort()).toEqual(
      [...claim.itemIds].sort(),
    );

    await page.getByRole("button", { name: "Terbitkan" }).click();
    await page.getByRole("button", { name: "Ya, terbitkan" }).click();
    await expect.poll(() => page.locator("#public-link").count()).toBe(1);

    await page.locator("#correct-link").click();
    await page.getByLabel("Catatan koreksi").fill("Menambahkan pernyataan resmi Polda");
    await page.getByRole("button", { name: "Simpan koreksi" }).click();
    await expect.poll(() => page.locator("[data-correction]").count()).toBe(1);

    await page.getByLabel("Alasan penarikan").fill("Kasus ternyata masih diselidiki polisi");
    await page.getByRole("button", { name: "Tarik klarifikasi" }).click();
    await expect.poll(() => page.locator("#withdrawn").count()).toBe(1);

    const visitor = await newPage();
    const res = await visitor.goto(`${server.url}/k/kota-palu/klarifikasi/${id}`);
    expect(res?.status()).toBe(200);
    const notice = await visitor.locator("#withdrawn-notice").innerText();
    expect(notice).toContain("Ditarik");
    expect(notice).toContain("Kasus ternyata masih diselidiki polisi");
    expect(await visitor.locator("body").innerText()).not.toContain("Polda memastikan");
    await screenshot(visitor, "public-clarification-withdrawn");
  });
});
