import { createApp, NotifyHub } from "@klinik/api";
import type { Scorer } from "@klinik/core";
import { forClinicNotifications } from "@klinik/db";
import { ClassifyBatcher } from "@klinik/queue";
import { startClassifier } from "@klinik/worker-classifier";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness, waitFor } from "../support/harness.ts";
import { launchChromium, loginInBrowser, screenshot, serveApp } from "./support.ts";

/** Scores every report by the word "hoaks" in it: a new claim's score is the test's choice. */
const scorer: Scorer = {
  version: "uji-notifikasi",
  score: ({ text }) => ({
    score: text.includes("hoaks") ? 0.96 : 0.3,
    reasons: [{ code: "chain_message", label: "ajakan menyebarkan pesan", weight: 1.2 }],
  }),
};

/**
 * In Chromium, the "done when": an analyst with notifications on, on
 * another page of the app, is told of a new high-scoring claim within 5 seconds
 * of the report arriving (public report → classifier → Redis → SSE → browser),
 * as a browser notification (permission granted) and as a notice on the page.
 */
describe("browser notifications of new high-scoring claims", () => {
  let h: Harness;
  let hub: NotifyHub;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    h = await createHarness();
    const clinic = await createClinic(h, "kota-ambon", "analyst");
    await forClinicNotifications(h.db.db, clinic.tenant.id).saveNotificationPrefs(clinic.user.id, {
      enabled: 1,
      min_score: 0.8,
      assigned: 1,
      telegram_chat_id: null,
      email_digest: 0,
    });
    hub = new NotifyHub({ redis: h.redis, prefix: h.config.QUEUE_PREFIX, logger: h.logger });
    const app = createApp({
      db: h.db.db,
      dialect: h.db.dialect,
      redis: h.redis,
      queues: h.queues,
      classifyBatcher: new ClassifyBatcher(h.queues),
      config: h.config,
      logger: h.logger,
      notifyHub: hub,
    });
    await startClassifier(h.config, h.logger, h.shutdown, { db: h.db, scorer });
    server = await serveApp({ ...h, app });
    browser = await launchChromium();
    ctx = await browser.newContext({ locale: "id-ID", viewport: { width: 1366, height: 768 } });
    await ctx.grantPermissions(["notifications"], { origin: server.url });
    // Observe the Notification constructor (headless Chromium shows nothing on screen).
    await ctx.addInitScript(`
      const Real = window.Notification;
      window.__notes = [];
      const Spy = function (title, opts) {
        window.__notes.push({ title, body: (opts && opts.body) || "" });
        return new Real(title, opts);
      };
      Object.defineProperty(Spy, "permission", { get: () => Real.permission });
      Spy.requestPermission = Real.requestPermission.bind(Real);
      window.Notification = Spy;
    `);
  }, 60_000);

  afterAll(async () => {
    await ctx?.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await hub?.close();
    await h?.close();
  });

  it("tells an analyst on another page of a new high-scoring claim within 5 seconds", async () => {
    const page = await ctx.newPage();
    await loginInBrowser(page, server.url, "analyst@kota-ambon.test");
    await page.goto(`${server.url}/klarifikasi`);
    // The page's stream is open (app's notify.js) before the report arrives.
    await waitFor(async () => hub.size > 0, "the notification stream", 5_000);

    const report = (text: string) =>
      fetch(`${server.url}/api/v1/public/kota-ambon/reports`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
      });
    expect((await report("Jadwal pemadaman listrik bergilir pekan depan")).status).toBe(202);
    const sent = Date.now();
    expect((await report("Ini hoaks: vaksin berisi chip pelacak, sebarkan ke semua grup!")).status).toBe(202);

    const toast = page.locator(".toasts .toast");
    await toast.first().waitFor({ timeout: 5_000 - (Date.now() - sent) });
    await expect(toast.first().locator("strong").textContent()).resolves.toBe("Klaim baru, skor 96");
    await expect(toast.first().locator("p").textContent()).resolves.toContain("vaksin berisi chip pelacak");
    const notes = await page.evaluate("window.__notes");
    expect(notes).toEqual([expect.objectContaining({ title: "Klaim baru, skor 96" })]);
    // The low-scoring report started a claim too, and told nobody.
    expect(await toast.count()).toBe(1);
    await screenshot(page, "notification-toast-1366");
    // The notice leads to the claim.
    await toast.first().getByRole("link", { name: "Buka klaim" }).click();
    await page.waitForURL(/\/klaster\//);
  }, 30_000);
});
