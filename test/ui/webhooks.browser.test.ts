import { createSession, createUser } from "@klinik/db";
import { startIngest } from "@klinik/worker-ingest";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness } from "../support/harness.ts";
import { webhookReceiver } from "../support/webhook-receiver.ts";
import { launchChromium, loginInBrowser, postForm, screenshot, serveApp, uiSession } from "./support.ts";

/**
 * The partner webhooks page (issue 13 part 6) under the clinic's settings: an admin adds
 * a receiver (the secret shown once), a publication reaches it through the ingest worker,
 * and the delivery with its attempt is in the log page; turning it off is a form. Only
 * the clinic's admins reach any of it.
 */
describe("partner webhooks page", () => {
  let h: Harness;
  let rx: Awaited<ReturnType<typeof webhookReceiver>>;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let ctx: BrowserContext;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  let other: Awaited<ReturnType<typeof createClinic>>;

  beforeAll(async () => {
    rx = await webhookReceiver({ "/redaksi": () => 200 });
    h = await createHarness({ WEBHOOK_ALLOW_URLS: rx.url("/redaksi") });
    clinic = await createClinic(h, "kota-kupang", "admin");
    other = await createClinic(h, "kota-dili", "admin");
    await startIngest(h.config, h.logger, h.shutdown, { db: h.db, syncEveryMs: 60_000 });
    server = await serveApp(h);
    browser = await launchChromium();
    ctx = await browser.newContext({ locale: "id-ID", viewport: { width: 1366, height: 768 } });
  }, 60_000);

  afterAll(async () => {
    await ctx?.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await rx?.close();
    await h?.close();
  });

  it("an admin adds a webhook, sees its secret once, and sees a publication delivered in its log", async () => {
    const page = await ctx.newPage();
    await loginInBrowser(page, server.url, "admin@kota-kupang.test");
    await page.goto(`${server.url}/pengaturan`);
    await page.getByRole("link", { name: "Webhook mitra media" }).click();
    await page.waitForURL(/\/pengaturan\/webhook$/);
    await page.getByLabel("Alamat penerima (https)").fill(rx.url("/redaksi"));
    await page.getByLabel("Keterangan (mis. nama redaksi)").fill("Redaksi Pos Kupang");
    await page.getByRole("button", { name: "Tambah webhook" }).click();
    const secret = await page.locator("[data-webhook-secret]").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, "webhooks-created-1366");
    // Shown once: the list does not carry it again.
    await page.goto(`${server.url}/pengaturan/webhook`);
    expect(await page.content()).not.toContain(secret);

    const d = await call(h, "POST", "/api/v1/clarifications", {
      body: { title: "[HOAKS] Penculikan anak dengan ambulans", body: "Tidak ada laporan polisi.", verdict: "false" },
      headers: clinic.auth,
    });
    await call(h, "POST", `/api/v1/clarifications/${d.body.id}/publish`, { headers: clinic.auth });

    await page.getByRole("link", { name: "Redaksi Pos Kupang" }).click();
    await page.waitForURL(/\/pengaturan\/webhook\/[^/]+$/);
    const delivered = page.locator('[data-status="delivered"]');
    for (let i = 0; i < 40 && (await delivered.count()) === 0; i++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await expect(delivered.count()).resolves.toBe(1);
    await expect(delivered.locator("strong").first().textContent()).resolves.toBe("Terbit");
    // The clarification by its title, not its id.
    const named = delivered.getByRole("link", { name: "[HOAKS] Penculikan anak dengan ambulans" });
    await expect(named.getAttribute("href")).resolves.toBe(`/klarifikasi/${d.body.id}`);
    await expect(delivered.locator("[data-attempt='1'] td").nth(2).textContent()).resolves.toBe("200");
    expect(rx.to("/redaksi")).toHaveLength(1);
    await screenshot(page, "webhooks-log-1366");

    await page.getByRole("link", { name: "Kembali ke webhook mitra" }).click();
    await page.getByRole("button", { name: "Matikan" }).click();
    await page.waitForURL(/\/pengaturan\/webhook$/);
    await expect(page.locator(".badge.bad").first().textContent()).resolves.toContain("Mati");
    await page.close();
  }, 60_000);

  it("refuses an analyst (403), another clinic's log (404), a bad URL (400), and forms without CSRF", async () => {
    const mine = await call(h, "POST", "/api/v1/webhooks", {
      body: { url: rx.url("/redaksi"), description: "Milik Kupang" },
      headers: clinic.auth,
    });
    const analystUser = await createUser(h.db.db, {
      tenantId: clinic.tenant.id,
      email: "analis@kota-kupang.test",
      name: "Analis",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    await createSession(h.db.db, analystUser, 1);
    const analyst = await uiSession(h, "analis@kota-kupang.test");
    expect((await h.app.request("/pengaturan/webhook", { headers: { cookie: analyst.cookie } })).status).toBe(403);
    expect(
      (await h.app.request(`/pengaturan/webhook/${mine.body.id}`, { headers: { cookie: analyst.cookie } })).status,
    ).toBe(403);
    const stranger = await uiSession(h, other.user.email);
    expect(
      (await h.app.request(`/pengaturan/webhook/${mine.body.id}`, { headers: { cookie: stranger.cookie } })).status,
    ).toBe(404);
    expect(
      (await postForm(h, `/pengaturan/webhook/${mine.body.id}/matikan`, stranger.cookie, { _csrf: stranger.csrf }))
        .status,
    ).toBe(404);
    const admin = await uiSession(h, clinic.user.email);
    const bad = await postForm(h, "/pengaturan/webhook", admin.cookie, {
      _csrf: admin.csrf,
      url: "http://mitra.example/",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("https");
    const hostile = await postForm(h, "/pengaturan/webhook", admin.cookie, {
      _csrf: admin.csrf,
      url: rx.url("/redaksi"),
      keterangan: '<script>alert("x")</script>',
    });
    expect(hostile.status).toBe(201);
    const listed = await (await h.app.request("/pengaturan/webhook", { headers: { cookie: admin.cookie } })).text();
    expect(listed).not.toContain('<script>alert("x")</script>');
    expect(listed).toContain("&lt;script&gt;");
    const en = await (await h.app.request("/pengaturan/webhook?lang=en", { headers: { cookie: admin.cookie } })).text();
    expect(en).toContain("Partner webhooks");
    expect(en).toContain("Add webhook");
  }, 60_000);
});
