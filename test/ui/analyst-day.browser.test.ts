/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createUser, forClinic } from "@klinik/db";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { launchChromium, loginInBrowser, screenshot, seedClaim, serveApp } from "./support.ts";

// axe-core from node_modules, injected into the page by playwright-core (nothing downloaded).
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious or critical accessibility violations axe finds on the page (rule id and how many nodes). */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(o: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    const r = await axe.run({ resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.n})`);
}

/**
 * The "done when", in Chromium: assignment found under "assigned to me" with its
 * due time kept, a mistaken bulk verdict undone from the notice, a verdict reverted from the
 * history, a 55-member claim under 2,500 px, ten claims on a 1366×768 screen in compact mode,
 * and no serious accessibility violations on the queue, claim, editor and sources pages.
 */
// Each step signs in and drives a real Chromium: on a loaded 2-core machine a test needs more than the default 30 s.
describe("an analyst's day in a browser", { timeout: 120_000 }, () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  const contexts: BrowserContext[] = [];
  let big = "";

  async function newPage(width = 1366, height = 768): Promise<Page> {
    const ctx = await browser.newContext({
      locale: "id-ID",
      timezoneId: "Asia/Makassar",
      viewport: { width, height },
      ...(width < 500 ? { isMobile: true } : {}),
    });
    contexts.push(ctx);
    return ctx.newPage();
  }
  const cluster = (id: string) => forClinic(h.db.db, clinic.tenant.id).getCluster(id);

  beforeAll(async () => {
    h = await createHarness();
    clinic = await createClinic(h, "palu");
    for (const [email, name] of [
      ["rina@palu.test", "Rina Analis"],
      ["budi@palu.test", "Budi Analis"],
    ] as const) {
      await createUser(h.db.db, {
        tenantId: clinic.tenant.id,
        email,
        name,
        password: "kata-sandi-uji",
        role: "analyst",
      });
    }
    for (let i = 0; i < 14; i++) {
      await seedClaim(h, clinic.tenant.id, {
        text: `Pesan berantai nomor ${i}: bantuan sosial cair lewat tautan, sebarkan ke grup keluarga sekarang juga`,
        title: `Klaim nomor ${i} tentang bantuan sosial`,
        score: 0.9 - i * 0.01,
        url: `https://contoh.test/${i}`,
      });
    }
    big = (
      await seedClaim(h, clinic.tenant.id, {
        text: "Video lama gempa Palu 2018 disebar lagi sebagai gempa hari ini, warga diminta mengungsi malam ini juga ke bukit",
        score: 0.97,
        members: 55,
      })
    ).clusterId;
    server = await serveApp(h);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it("assigns a claim to a colleague, who finds it under 'assigned to me' with its due time unchanged after opening it", async () => {
    const admin = await newPage();
    await loginInBrowser(admin, server.url, "admin@palu.test");
    await admin.goto(`${server.url}/klaster/${big}`);
    await admin.getByLabel("Petugas").selectOption({ label: "Rina Analis" });
    await admin.getByLabel("Tenggat (jam dari sekarang)").fill("24");
    await admin.getByRole("button", { name: "Tugaskan", exact: true }).click();
    await expect.poll(() => admin.locator("#action-notice").innerText()).toContain("Klaim ditugaskan ke Rina Analis");
    const due = (await cluster(big))?.due_at;
    expect(Date.parse(due ?? "") - Date.now()).toBeGreaterThan(23 * 3600_000);

    const rina = await newPage();
    await loginInBrowser(rina, server.url, "rina@palu.test");
    await rina.getByLabel("Penugasan").first().selectOption({ label: "Ditugaskan ke saya" });
    await rina.getByRole("button", { name: "Terapkan", exact: true }).click();
    await expect.poll(() => rina.url()).toContain("tugas=saya");
    const rows = rina.locator("table.queue tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute("data-id")).toBe(big);
    await rows.first().locator(".claim-link").click();
    await expect.poll(() => rina.url()).toContain(`/klaster/${big}`);
    expect(await rina.locator("#assignment-state").innerText()).toContain("Rina Analis (Anda)");
    // Opening it neither locks it nor moves its due time.
    expect(await cluster(big)).toMatchObject({ due_at: due, assignee_id: expect.any(String), claimed_by: null });
  });

  it("undoes a mistaken bulk verdict from the notice", async () => {
    const page = await newPage();
    await loginInBrowser(page, server.url, "budi@palu.test");
    await page.goto(`${server.url}/antrean?max=87`);
    const boxes = page.locator('table.queue input[name="ids"]');
    const picked: string[] = [];
    for (let i = 0; i < 3; i++) {
      await boxes.nth(i).check();
      picked.push((await boxes.nth(i).getAttribute("value")) ?? "");
    }
    await page.getByLabel("Tindakan untuk yang dipilih").selectOption({ label: "Salah/Hoaks" });
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Terapkan ke yang dipilih" }).click();
    await expect.poll(() => page.locator("#action-notice").innerText()).toContain("Salah/Hoaks diberikan ke 3 klaim");
    for (const id of picked) expect(await cluster(id)).toMatchObject({ status: "done", verdict: "false" });
    await screenshot(page, "queue-undo-notice");
    await page.locator("#action-notice").getByRole("button", { name: "Urungkan" }).click();
    await expect.poll(() => page.locator("#action-notice").innerText()).toContain("Diurungkan");
    for (const id of picked) expect(await cluster(id)).toMatchObject({ status: "new", verdict: null });
  });

  it("reverts a verdict from the claim's history, which keeps it struck through", async () => {
    const id = (
      await seedClaim(h, clinic.tenant.id, { text: "Air kelapa muda menyembuhkan demam berdarah", score: 0.3 })
    ).clusterId;
    const page = await newPage();
    await loginInBrowser(page, server.url, "rina@palu.test");
    await page.goto(`${server.url}/klaster/${id}`);
    await page.getByRole("button", { name: /Benar/ }).click();
    await expect.poll(async () => (await cluster(id))?.verdict).toBe("true");
    await page.goto(`${server.url}/klaster/${id}`);
    await page.getByRole("button", { name: "Batalkan putusan ini" }).click();
    await expect.poll(() => page.locator("#action-notice").innerText()).toContain("Putusan dibatalkan");
    expect(await cluster(id)).toMatchObject({ status: "new", verdict: null });
    expect(await page.locator(".history s").innerText()).toContain("Benar");
    expect(await page.locator(".history").innerText()).toContain("dibatalkan oleh Rina Analis");
  });

  it("shows a 55-member claim on a page under 2,500 px, with 'lihat semua'", async () => {
    const page = await newPage();
    await loginInBrowser(page, server.url, "admin@palu.test");
    await page.goto(`${server.url}/klaster/${big}`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(2500);
    expect(await page.locator(".members > li").count()).toBe(5);
    expect(await page.locator("p.more").innerText()).toContain("lihat semua (55)");
    await screenshot(page, "claim-1366");
    expect(await axeViolations(page)).toEqual([]);
    await page.locator("p.more a").click();
    await expect.poll(() => page.locator(".members > li").count()).toBe(55);
  });

  it("fits at least ten claims on a 1366×768 screen in compact mode, and passes axe on the queue", async () => {
    const page = await newPage(1366, 768);
    await loginInBrowser(page, server.url, "admin@palu.test");
    await page.getByRole("link", { name: "Tampilan ringkas" }).click();
    await expect.poll(() => page.url()).toContain("tampilan=ringkas");
    const visible = await page.evaluate(
      () =>
        [...document.querySelectorAll("table.queue tbody tr")].filter(
          (r) => r.getBoundingClientRect().bottom <= innerHeight,
        ).length,
    );
    expect(visible).toBeGreaterThanOrEqual(10);
    await screenshot(page, "queue-compact-1366");
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/antrean`);
    await screenshot(page, "queue-1366");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("folds the filters on a phone and gives each card quick verdict buttons", async () => {
    const page = await newPage(390, 844);
    await loginInBrowser(page, server.url, "budi@palu.test");
    expect(
      await page
        .locator("details[data-fold]")
        .first()
        .evaluate((d) => (d as HTMLDetailsElement).open),
    ).toBe(false);
    const first = page.locator("table.queue tbody tr").first();
    expect(await first.locator(".quick button").count()).toBe(4);
    await screenshot(page, "queue-390");
    const id = (await first.getAttribute("data-id")) ?? "";
    await first.locator(".quick button", { hasText: "Menyesatkan" }).click();
    await expect.poll(async () => (await cluster(id))?.verdict).toBe("misleading");
    await expect.poll(() => page.locator("#js-notice").innerText()).toContain("Menyesatkan diberikan ke 1 klaim");
    await page.goto(`${server.url}/klaster/${big}`);
    await screenshot(page, "claim-390");
    await page.goto(`${server.url}/klarifikasi/baru?klaster=${big}`);
    await screenshot(page, "editor-390");
  }, 90_000);

  it("gives a verdict with a key in the queue and undoes it from the notice; the history records the reversal", async () => {
    const id = (
      await seedClaim(h, clinic.tenant.id, {
        text: "Minum air garam hangat mencegah virus masuk ke paru-paru",
        title: "Air garam cegah virus",
        score: 0.99,
      })
    ).clusterId;
    const page = await newPage();
    await loginInBrowser(page, server.url, "budi@palu.test");
    await page.goto(`${server.url}/antrean?q=garam`);
    const row = page.locator(`table.queue tbody tr[data-id="${id}"]`);
    await expect.poll(() => page.locator("table.queue tbody tr").count()).toBe(1);
    // j moves to the first claim, 1 gives it "Salah/Hoaks", as an analyst triages.
    await page.keyboard.press("j");
    await page.keyboard.press("1");
    const notice = page.locator("#js-notice");
    await expect.poll(() => notice.innerText()).toContain("Salah/Hoaks diberikan ke 1 klaim “Air garam cegah virus”");
    expect(await cluster(id)).toMatchObject({ status: "done", verdict: "false" });
    await notice.getByRole("button", { name: "Urungkan" }).click();
    await expect.poll(() => notice.innerText()).toContain("Diurungkan");
    expect(await cluster(id)).toMatchObject({ status: "new", verdict: null });
    expect(await row.isVisible()).toBe(true);
    await page.goto(`${server.url}/klaster/${id}`);
    expect(await page.locator(".history s").innerText()).toContain("Salah/Hoaks");
    expect(await page.locator(".history").innerText()).toContain("dibatalkan oleh Budi Analis");
  });

  it("locks a clarification while one person edits it: the other sees who and until when, cannot save, may take over", async () => {
    const rina = await newPage();
    await loginInBrowser(rina, server.url, "rina@palu.test");
    await rina.goto(`${server.url}/klarifikasi/baru`);
    await rina.getByLabel("Judul", { exact: true }).fill("Video gempa lama");
    await rina.getByLabel("Isi").fill("Video itu dari 2018, bukan hari ini.");
    await rina.getByRole("button", { name: "Simpan draf" }).click();
    await expect.poll(() => rina.url()).toMatch(/\/klarifikasi\/[0-9a-f-]{36}$/);
    const id = rina.url().split("/").at(-1) ?? "";
    const lockOf = async () => {
      const r = await forClinic(h.db.db, clinic.tenant.id).getClarification(id);
      return { locked_by: r?.locked_by ?? null };
    };
    const users = await forClinic(h.db.db, clinic.tenant.id).listTenantUsers();
    const userId = (name: string) => users.find((u) => u.name === name)?.id;
    // Reading never locks; opening the editor does.
    expect((await lockOf()).locked_by).toBeNull();
    await rina.goto(`${server.url}/klarifikasi/${id}/ubah`);
    expect((await lockOf()).locked_by).toBe(userId("Rina Analis"));

    const budi = await newPage();
    await loginInBrowser(budi, server.url, "budi@palu.test");
    await budi.goto(`${server.url}/klarifikasi/${id}`);
    expect(await budi.locator("#editing-now").innerText()).toContain("Sedang diubah oleh Rina Analis");
    await budi.goto(`${server.url}/klarifikasi/${id}/ubah`);
    const state = budi.locator("#lock-state");
    expect(await state.innerText()).toContain("sedang diubah oleh Rina Analis sampai");
    expect(await budi.getByRole("button", { name: "Simpan perubahan" }).isDisabled()).toBe(true);
    expect((await lockOf()).locked_by).toBe(userId("Rina Analis"));
    await screenshot(budi, "editor-locked-1366");

    // Leaving the editor (here: to the queue) lets go of the lock.
    await rina.goto(`${server.url}/antrean`);
    await expect.poll(async () => (await lockOf()).locked_by, { timeout: 10_000 }).toBeNull();

    // Rina edits again; Budi takes over explicitly; Rina's save is refused and keeps her text.
    await rina.goto(`${server.url}/klarifikasi/${id}/ubah`);
    expect((await lockOf()).locked_by).toBe(userId("Rina Analis"));
    await budi.reload();
    await budi.getByRole("button", { name: "Ambil alih penyuntingan" }).click();
    await expect.poll(async () => (await lockOf()).locked_by).toBe(userId("Budi Analis"));
    expect(await budi.getByRole("button", { name: "Simpan perubahan" }).isDisabled()).toBe(false);
    await rina.getByLabel("Judul", { exact: true }).fill("Judul dari Rina");
    await rina.getByRole("button", { name: "Simpan perubahan" }).click();
    await expect.poll(() => rina.locator(".notice.error").innerText()).toContain("Tidak disimpan");
    expect(await rina.getByLabel("Judul", { exact: true }).inputValue()).toBe("Judul dari Rina");
    // Cancel lets go of it.
    await budi.getByRole("button", { name: "Batal (lepas kunci)" }).click();
    await expect.poll(() => budi.url()).toMatch(new RegExp(`/klarifikasi/${id}$`));
    expect((await lockOf()).locked_by).toBeNull();
  }, 120_000);

  it("adds and removes evidence in the clarification editor, refuses a non-http link in both languages, and carries it to the public page", async () => {
    const page = await newPage();
    await loginInBrowser(page, server.url, "admin@palu.test");
    await page.goto(`${server.url}/klarifikasi/baru?klaster=${big}`);
    expect(await page.locator("#editor").innerText()).toContain(
      "Bukti (tautan) bisa ditambahkan setelah draf disimpan",
    );
    await page.getByLabel("Judul", { exact: true }).fill("Bukan gempa hari ini");
    await page.getByLabel("Isi").fill("Video itu rekaman gempa Palu 2018.");
    await page.getByRole("button", { name: "Simpan draf" }).click();
    await expect.poll(() => page.url()).toMatch(/\/klarifikasi\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").at(-1) ?? "";
    await page.goto(`${server.url}/klarifikasi/${id}/ubah`);
    // Something typed in the editor survives the evidence steps.
    await page.getByLabel("Isi").fill("Video itu rekaman gempa Palu 2018, bukan hari ini.");
    await page.getByLabel("URL bukti (http/https)").fill("javascript:alert(1)");
    await page.getByLabel("Judul bukti").fill("Siaran BMKG");
    await page.getByRole("button", { name: "Tambah bukti" }).click();
    await expect
      .poll(() => page.locator(".notice.error").innerText())
      .toContain("Alamat (URL) tidak valid: harus lengkap dan diawali http:// atau https://");
    expect(await page.getByLabel("Judul bukti").inputValue()).toBe("Siaran BMKG");
    await page.getByLabel("URL bukti (http/https)").fill("https://bmkg.go.id/siaran-gempa");
    await page.getByLabel("Jenis bukti").selectOption({ label: "Pernyataan resmi" });
    await page.getByRole("button", { name: "Tambah bukti" }).click();
    const link = page.locator('#evidence-fields a[href="https://bmkg.go.id/siaran-gempa"]');
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(await page.locator("#evidence-fields").innerText()).toContain("Pernyataan resmi");
    expect(await page.getByLabel("Isi").inputValue()).toContain("bukan hari ini");
    await page.getByLabel("URL bukti (http/https)").fill("https://arsip.contoh.test/2018");
    await page.getByLabel("Judul bukti").fill("Arsip salah");
    await page.getByRole("button", { name: "Tambah bukti" }).click();
    await expect.poll(() => page.locator("#evidence-fields li").count()).toBe(2);
    await page.getByRole("button", { name: "Hapus bukti: Arsip salah" }).click();
    await expect.poll(() => page.locator("#evidence-fields li").count()).toBe(1);
    await screenshot(page, "editor-evidence-1366");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Simpan perubahan" }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/klarifikasi/${id}$`));
    // The staff page shows it too (viewing takes no lock).
    expect(await page.locator('main a.ext[href="https://bmkg.go.id/siaran-gempa"]').count()).toBe(1);

    // The same refusal in English.
    await page.goto(`${server.url}/klarifikasi/${id}/ubah?lang=en`);
    await page.getByLabel("Evidence URL (http/https)").fill("ftp://contoh.test/x");
    await page.getByLabel("Evidence title").fill("FTP");
    await page.getByRole("button", { name: "Add evidence" }).click();
    await expect
      .poll(() => page.locator(".notice.error").innerText())
      .toContain("Not a valid address (URL): it must be complete and start with http:// or https://");
    await page.getByRole("button", { name: "Cancel (release the lock)" }).click();
    await page.goto(`${server.url}/klarifikasi/${id}?lang=id`);

    // Published: the public page carries the link, clickable and safe.
    await page.getByRole("button", { name: "Terbitkan", exact: true }).click();
    await page.getByRole("button", { name: "Ya, terbitkan" }).click();
    await expect
      .poll(async () => (await forClinic(h.db.db, clinic.tenant.id).getClarification(id))?.status)
      .toBe("published");
    await page.goto(`${server.url}/k/palu/klarifikasi/${id}`);
    const pub = page.locator('a[href="https://bmkg.go.id/siaran-gempa"]');
    expect(await pub.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(await pub.innerText()).toContain("Siaran BMKG");
  }, 120_000);

  it("passes axe on the clarification editor and the sources page, whose pause reason and kinds read in English", async () => {
    const page = await newPage();
    await loginInBrowser(page, server.url, "admin@palu.test");
    await page.goto(`${server.url}/klarifikasi/baru?klaster=${big}`);
    await screenshot(page, "editor-1366");
    expect(await axeViolations(page)).toEqual([]);
    const src = await forClinic(h.db.db, clinic.tenant.id).createSource({
      kind: "telegram",
      name: "Kanal hoaks",
      url: "https://t.me/s/contoh",
      scheduleSec: 300,
    });
    await page.goto(`${server.url}/sumber`);
    await page.locator(`tr[data-source="${src.id}"]`).getByRole("button", { name: "Jeda" }).click();
    await expect
      .poll(() => page.locator(`tr[data-source="${src.id}"] .pause-reason`).innerText())
      .toContain("Dijeda oleh");
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/sumber?lang=en`);
    const row = page.locator(`tr[data-source="${src.id}"]`);
    expect(await row.locator(".pause-reason").innerText()).toMatch(/^Paused by /);
    expect(await page.locator("#s-kind").innerText()).toContain("Telegram (public channel)");
    expect(await page.locator("main").innerText()).not.toMatch(/Dijeda|kanal publik/);
    await screenshot(page, "sources-en-1366");
    expect(await axeViolations(page)).toEqual([]);
  }, 90_000);
});
