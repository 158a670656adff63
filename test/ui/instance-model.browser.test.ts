import { clinicModels, createUser, getActiveInstanceModel, recordInstanceRun } from "@klinik/db";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { launchChromium, loginInBrowser, screenshot, serveApp } from "./support.ts";

/**
 * Issue 12 in a real browser: the instance operator finds the instance model in the
 * navigation, rolls it back to an earlier promoted run after the confirmation step, and
 * sees it active; a clinic admin has no way in. A clinic admin rolls the clinic's own
 * model back through the same confirmation step.
 */
describe("instance model page in Chromium", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let ctx: BrowserContext;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  const older = {} as Record<"instance" | "clinic", { id: string }>;

  const run = (version: string, auc: number) => ({
    version,
    base_version: "base-1",
    outcome: "promoted" as const,
    trigger: "schedule" as const,
    verdicts: 600,
    positives: 280,
    held_out: 120,
    metrics: JSON.stringify({ candidate: { auc }, active: { auc: 0.7 } }),
    refusal: null,
    trained_through: new Date().toISOString(),
    train_ms: 900,
    artefact: "H4sIAAAAAAAAA6uuBQBDv6ajAgAAAA==",
    artefact_bytes: 22,
  });

  beforeAll(async () => {
    h = await createHarness();
    clinic = await createClinic(h, "kota-ambon", "admin");
    await createUser(h.db.db, {
      tenantId: clinic.tenant.id,
      email: "operator@kota-ambon.test",
      name: "Operator",
      password: "kata-sandi-uji",
      role: "viewer",
      operator: true,
    });
    older.instance = await recordInstanceRun(h.db.db, run("instansi-lama", 0.83));
    await recordInstanceRun(h.db.db, run("instansi-baru", 0.81));
    server = await serveApp(h);
    browser = await launchChromium();
    ctx = await browser.newContext({ locale: "id-ID", viewport: { width: 1366, height: 768 } });
  }, 60_000);

  afterAll(async () => {
    await ctx?.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  // The clinic's runs are recorded after the instance rollback: until then the clinic has no model of its own.
  it.each([
    {
      scope: "instance" as const,
      who: "operator@kota-ambon.test",
      link: "Model instansi",
      path: "/model/instansi",
      versions: ["instansi-lama", "instansi-baru"],
      active: async () => (await getActiveInstanceModel(h.db.db))?.version,
    },
    {
      scope: "clinic" as const,
      who: "admin@kota-ambon.test",
      link: "Model",
      path: "/model",
      versions: ["klinik-lama", "klinik-baru"],
      record: async () => {
        older.clinic = await clinicModels(h.db.db, clinic.tenant.id).recordModelRun(run("klinik-lama", 0.83));
        await clinicModels(h.db.db, clinic.tenant.id).recordModelRun(run("klinik-baru", 0.81));
      },
      active: async () => (await clinicModels(h.db.db, clinic.tenant.id).getActiveModel())?.version,
    },
  ])("rolls the $scope model back after confirming", async ({ scope, who, link, path, versions, record, active }) => {
    await record?.();
    const [lama, baru] = versions;
    const page = await ctx.newPage();
    await ctx.clearCookies();
    await loginInBrowser(page, server.url, who);
    await page.getByRole("link", { name: link, exact: true }).click();
    await page.waitForURL(new RegExp(`${path}$`));
    expect(await page.locator("[data-active-model]").getAttribute("data-active-model")).toBe(baru);
    const row = page.locator(`tr[data-model-run="${older[scope].id}"]`);
    expect(await row.innerText()).toContain("0.830 / 0.700");
    await screenshot(page, `${scope}-model-1366`);
    await row.getByRole("button", { name: "Aktifkan kembali" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Aktifkan kembali model ini?");
    expect(await page.locator("#confirm-model").innerText()).toContain(baru);
    expect(await active()).toBe(baru);
    await screenshot(page, `${scope}-model-confirm-1366`);
    await page.getByRole("button", { name: "Ya, aktifkan" }).click();
    await page.waitForURL(new RegExp(`${path}\\?ok=aktif$`));
    expect(await page.locator(".notice.ok").innerText()).toContain("Model diaktifkan kembali");
    expect(await page.locator("[data-active-model]").getAttribute("data-active-model")).toBe(lama);
    expect(await row.locator(".badge").innerText()).toBe("aktif");
    expect(await active()).toBe(lama);
  });

  it("gives a clinic admin no link and no page", async () => {
    const page = await ctx.newPage();
    await ctx.clearCookies();
    await loginInBrowser(page, server.url, "admin@kota-ambon.test");
    expect(await page.getByRole("link", { name: "Model instansi" }).count()).toBe(0);
    const res = await page.goto(`${server.url}/model/instansi`);
    expect(res?.status()).toBe(403);
  });
});
