import { readFile } from "node:fs/promises";
import { createUser, forClinic } from "@klinik/db";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { launchChromium, loginInBrowser, screenshot, serveApp } from "./support.ts";

/**
 * In Chromium: an analyst's clarification waits for a publisher when the clinic
 * requires it; the publisher approves it from the list; the admin finds both
 * steps in the audit trail and downloads it as CSV.
 */
describe("publisher approval and the audit trail in a browser", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  let draftId = "";
  const contexts: BrowserContext[] = [];

  async function pageAs(email: string): Promise<Page> {
    const ctx = await browser.newContext({
      locale: "id-ID",
      acceptDownloads: true,
      viewport: { width: 1360, height: 900 },
    });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await loginInBrowser(page, server.url, email);
    return page;
  }

  beforeAll(async () => {
    h = await createHarness();
    clinic = await createClinic(h, "kab-garut");
    await h.db.db.updateTable("tenants").set({ require_approval: 1 }).where("id", "=", clinic.tenant.id).execute();
    for (const [email, name, role] of [
      ["rina@garut.test", "Rina Analis", "analyst"],
      ["pena@garut.test", "Pena Penerbit", "publisher"],
    ] as const) {
      await createUser(h.db.db, { tenantId: clinic.tenant.id, email, name, password: "kata-sandi-uji", role });
    }
    const rina = (await forClinic(h.db.db, clinic.tenant.id).listTenantUsers()).find((u) => u.name === "Rina Analis");
    const made = await forClinic(h.db.db, clinic.tenant.id).createClarification({
      title: "[HOAKS] Bantuan tunai tiga juta",
      body: "Kemensos tidak membuka pendaftaran lewat tautan berantai.",
      verdict: "false",
      itemIds: [],
      userId: rina?.id ?? "",
    });
    if (!made.ok) throw new Error("draft");
    draftId = made.clarification.id;
    server = await serveApp(h);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it("holds the analyst's clarification until the publisher approves it", async () => {
    const analyst = await pageAs("rina@garut.test");
    await analyst.goto(`${server.url}/klarifikasi/${draftId}`);
    await expect.poll(() => analyst.getByText("mewajibkan persetujuan penerbit").count()).toBeGreaterThan(0);
    await analyst.getByRole("button", { name: "Ajukan untuk disetujui" }).click();
    await analyst.waitForURL(new RegExp(`/klarifikasi/${draftId}$`));
    expect(await analyst.locator("#pending-note").textContent()).toBe("Menunggu persetujuan penerbit");
    expect(await analyst.getByRole("button", { name: "Setujui dan terbitkan" }).count()).toBe(0);
    await screenshot(analyst, "approval-analyst-waiting");

    const publisher = await pageAs("pena@garut.test");
    await publisher.goto(`${server.url}/klarifikasi`);
    const pending = publisher.locator(`[data-pending="${draftId}"]`);
    await expect.poll(() => pending.count()).toBe(1);
    await screenshot(publisher, "approval-publisher-list");
    await pending.getByRole("button", { name: "Setujui dan terbitkan" }).click();
    await publisher.waitForURL(/\/klarifikasi$/);
    expect(await publisher.locator(`[data-pending="${draftId}"]`).count()).toBe(0);
    await publisher.goto(`${server.url}/klarifikasi/${draftId}`);
    expect(await publisher.locator("#public-link").count()).toBe(1);
    const history = await publisher.locator("ol.history").textContent();
    expect(history).toContain("Mengajukan klarifikasi untuk disetujui");
    expect(history).toContain("Menyetujui dan menerbitkan klarifikasi");
  });

  it("shows the admin both steps in the audit trail and downloads them as a CSV", async () => {
    const admin = await pageAs("admin@kab-garut.test");
    await admin.getByRole("link", { name: "Jejak audit" }).click();
    await admin.waitForURL(/\/audit$/);
    await admin.getByLabel("Aksi").selectOption("clarification.approve");
    await admin.getByRole("button", { name: "Terapkan" }).click();
    await admin.waitForURL(/aksi=clarification\.approve/);
    const rows = admin.locator("table.audit tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("pena@garut.test");
    await screenshot(admin, "audit-trail");
    const [download] = await Promise.all([admin.waitForEvent("download"), admin.locator("#audit-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-kab-garut-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await download.path()) ?? "");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).split("\r\n");
    expect(lines[0]).toMatch(/^Waktu \(WIB\),Waktu \(UTC\),Klinik,Pelaku/);
    expect(lines[1]).toContain("Menyetujui dan menerbitkan klarifikasi");
    expect(lines.filter((l) => l !== "")).toHaveLength(2);
  });
});
