import { listClinics } from "@klinik/db";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { claimIn, operatorOf, personOf } from "../support/offices.ts";
import { launchChromium, loginInBrowser, screenshot, serveApp } from "./support.ts";

/**
 * In Chromium: the operator onboards Jawa Barat with its regencies; an analyst of
 * Kota Bandung escalates a claim; the province sees it with the regency's name,
 * reads the regency's queue read only through the switcher, and answers; the
 * regency reads the answer on its claim page.
 */
describe("offices in a browser: onboarding, province switcher, escalation", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let claim = "";
  const ids = new Map<string, string>();
  const contexts: BrowserContext[] = [];

  async function pageAs(email: string): Promise<Page> {
    const ctx = await browser.newContext({ locale: "id-ID", viewport: { width: 1360, height: 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await loginInBrowser(page, server.url, email);
    return page;
  }

  beforeAll(async () => {
    h = await createHarness();
    await operatorOf(h);
    server = await serveApp(h);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it("the operator onboards a province with all its regencies/cities", async () => {
    const page = await pageAs("operator@demo.test");
    await page.getByRole("link", { name: "Klinik" }).click();
    await page.getByLabel("Provinsi", { exact: true }).last().selectOption("32");
    await expect.poll(() => page.getByLabel("dengan semua kabupaten/kota").isChecked()).toBe(true);
    await page.getByRole("button", { name: "Daftarkan" }).click();
    await page.getByText("28 klinik dibuat").waitFor();
    expect(await page.locator('tr[data-clinic="32.73"]').textContent()).toContain("Tidur");
    await screenshot(page, "offices-clinics");
    for (const c of await listClinics(h.db.db)) if (c.region_code) ids.set(c.region_code, c.id);
    await personOf(h, ids.get("32") ?? "", "analis@jabar.test");
    await personOf(h, ids.get("32.73") ?? "", "analis@kotabandung.test");
    claim = await claimIn(h, ids.get("32.73") ?? "", "chip-browser", "Vaksin mengandung chip pelacak");
  }, 60_000);

  it("a regency escalates; the province sees it, reads the regency's queue read only, and answers", async () => {
    const regency = await pageAs("analis@kotabandung.test");
    await regency.goto(`${server.url}/klaster/${claim}`);
    await regency.locator("#esc-reason").fill("Menyangkut program vaksinasi provinsi");
    await regency.getByRole("button", { name: "Teruskan ke provinsi" }).click();
    await regency.getByText("Menunggu provinsi").waitFor();

    const province = await pageAs("analis@jabar.test");
    const incoming = province.locator("#incoming-h").locator("..");
    await incoming.getByText("Kota Bandung").waitFor();
    await province.getByLabel("Antrean klinik").selectOption({ label: "Kota Bandung" });
    await province.locator("form.switcher").getByRole("button").click();
    await province.getByText("Anda membaca antrean").waitFor();
    await province.getByRole("link", { name: "Vaksin mengandung chip pelacak" }).click();
    await province.getByText("hanya baca").first().waitFor();
    expect(await province.locator("#verdict-form").count()).toBe(0);
    await screenshot(province, "offices-province-reads-regency");

    await province.getByRole("link", { name: "Eskalasi", exact: true }).click();
    await province.locator('textarea[name="jawaban"]').fill("Sudah dibantah Dinas Kesehatan Jawa Barat.");
    await province.locator('select[name="verdict"]').selectOption("false");
    await province.getByRole("button", { name: "Kirim jawaban" }).click();
    await province.getByText("Jawaban dikirim.").waitFor();

    await regency.reload();
    await regency.getByText("Sudah dibantah Dinas Kesehatan Jawa Barat.").waitFor();
    expect(await regency.locator("[data-escalation]").getAttribute("data-status")).toBe("answered");
    await screenshot(regency, "offices-regency-reads-answer");
  }, 90_000);
});
