import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { launchChromium, loginInBrowser, screenshot, seedClaim, serveApp } from "./support.ts";

/**
 * A clinic admin brings a new analyst in, in a real Chromium: the invitation
 * link is made on the people page, opened in another browser, the password
 * policy speaks Indonesian, and the analyst lands in their own clinic's queue
 * and nobody else's.
 */
describe("inviting a person in a browser", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage() {
    const ctx = await browser.newContext({ locale: "id-ID", viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    return ctx.newPage();
  }

  beforeAll(async () => {
    h = await createHarness();
    const home = await createClinic(h, "kotabandung", "admin");
    const other = await createClinic(h, "kabgarut", "admin");
    await seedClaim(h, home.tenant.id, { text: "Pesan berantai: air PDAM Bandung tercemar", score: 0.91 });
    await seedClaim(h, other.tenant.id, { text: "Rahasia klinik Garut: jangan terlihat", score: 0.95 });
    server = await serveApp(h);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it("invites an analyst, who sets a password through the link and sees only their clinic's queue", async () => {
    const admin = await newPage();
    await loginInBrowser(admin, server.url, "admin@kotabandung.test");
    await admin.goto(`${server.url}/orang`);
    await admin.locator("#u-email").fill("sari@kotabandung.test");
    await admin.locator("#u-name").fill("Sari Analis");
    await admin.locator("#u-role").selectOption("analyst");
    await admin.locator('form[action="/orang/undang"] button[type="submit"]').click();
    const link = await admin.locator('input[data-link="invite"]').inputValue();
    expect(link).toMatch(/\/undangan\/[A-Za-z0-9_-]{20,}$/);
    await screenshot(admin, "people-invite");

    // The analyst opens the link in their own browser.
    const analyst = await newPage();
    await analyst.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    await expect(analyst.locator("h1").innerText()).resolves.not.toBe("");
    await analyst.locator('input[name="sandi"]').fill("bandung123");
    await analyst.locator('input[name="ulangi"]').fill("bandung123");
    await analyst.locator('form button[type="submit"].primary').click();
    // A weak password is refused with a reason in Indonesian, and the link still works.
    const refusal = await analyst.locator(".notice.error").innerText();
    expect(refusal).toMatch(/sandi/i);
    const strong = "Kopi-Tubruk-Gedung-Sate-77";
    await analyst.locator('input[name="sandi"]').fill(strong);
    await analyst.locator('input[name="ulangi"]').fill(strong);
    await analyst.locator('form button[type="submit"].primary').click();
    await analyst.waitForURL(/\/antrean/);
    const queue = await analyst.locator("main").innerText();
    expect(queue).toContain("air PDAM Bandung tercemar");
    expect(queue).not.toContain("Garut");
    await screenshot(analyst, "people-invited-queue");

    // The link was for one use only.
    const again = await analyst.context().newPage();
    await again.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    expect(await again.locator('input[name="sandi"]').count()).toBe(0);

    // And the admin sees them among the clinic's people, active.
    await admin.goto(`${server.url}/orang`);
    await expect(admin.locator('tr[data-email="sari@kotabandung.test"]').innerText()).resolves.toContain("Analis");

    // The new password signs them in from a fresh browser.
    const later = await newPage();
    await loginInBrowser(later, server.url, "sari@kotabandung.test", strong);
    expect(await later.locator("main").innerText()).not.toContain("Garut");
  }, 60_000);
});
