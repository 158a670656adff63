import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { totp } from "../support/totp.ts";
import { launchChromium, loginInBrowser, screenshot, serveApp } from "./support.ts";

/**
 * Two-factor sign-in in a real Chromium: a person sets it up on their account
 * page from the QR code's secret, then signing in asks for the code in a second step.
 */
describe("two-factor sign-in in a browser", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;

  beforeAll(async () => {
    h = await createHarness();
    await createClinic(h, "gorontalo", "analyst");
    server = await serveApp(h);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it("sets up on /akun with the QR code, then signs in with a code", async () => {
    const ctx = await browser.newContext({ locale: "id-ID", viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await loginInBrowser(page, server.url, "analyst@gorontalo.test");
    await page.getByRole("link", { name: "analyst gorontalo" }).click();
    await page.waitForURL(/\/akun/);
    await page.getByRole("button", { name: "Siapkan verifikasi dua langkah" }).click();
    expect(await page.locator("figure.qr svg").count()).toBe(1);
    const secret = (await page.locator("code.secret").innerText()).trim();
    await screenshot(page, "account-two-factor-setup");
    await page.locator("#tf-code").fill(totp(secret));
    await page.getByRole("button", { name: "Aktifkan" }).click();
    await expect(page.locator(".notice.ok").innerText()).resolves.toContain("sudah aktif");
    await expect(page.locator('section[aria-labelledby="sesi"]').innerText()).resolves.toContain("sesi ini");

    const other = await (await browser.newContext({ locale: "id-ID" })).newPage();
    await other.goto(`${server.url}/masuk`);
    await other.getByLabel("Email").fill("analyst@gorontalo.test");
    await other.getByLabel("Kata sandi").fill("kata-sandi-uji");
    await other.getByRole("button", { name: "Masuk" }).click();
    await other.getByLabel("Kode 6 angka").fill(totp(secret));
    await screenshot(other, "login-second-step");
    await other.getByRole("button", { name: "Masuk" }).click();
    await other.waitForURL(/\/antrean/);

    // Sign out everywhere from the first browser: the second one is signed out too.
    await page.getByRole("button", { name: "Keluar dari semua perangkat" }).click();
    await page.waitForURL(/\/masuk/);
    await other.reload();
    await other.waitForURL(/\/masuk/);
  }, 60_000);
});
