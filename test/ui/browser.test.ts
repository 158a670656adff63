import { createUser, forClinic } from "@klinik/db";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, fixtureServer, type Harness } from "../support/harness.ts";
import { ingestProcessor } from "../support/ingest.ts";
import { launchChromium, loginInBrowser, screenshot, seedClaim, serveApp } from "./support.ts";

/**
 * The analysts' screens in a real Chromium (Debian's /usr/bin/chromium driven
 * by playwright-core), against the app served on a random port with a real
 * SQLite file and real Redis.
 */
describe("review UI in a browser", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let feeds: Awaited<ReturnType<typeof fixtureServer>>;
  let browser: Browser;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  const contexts: BrowserContext[] = [];
  const claims: Record<string, string> = {};

  async function newPage(opts: { mobile?: boolean } = {}): Promise<Page> {
    const ctx = await browser.newContext({
      locale: "id-ID",
      timezoneId: "Asia/Makassar",
      ...(opts.mobile
        ? { viewport: { width: 390, height: 844 }, isMobile: true }
        : { viewport: { width: 1360, height: 900 } }),
    });
    contexts.push(ctx);
    return ctx.newPage();
  }

  beforeAll(async () => {
    h = await createHarness();
    clinic = await createClinic(h, "sulteng");
    await h.db.db
      .updateTable("tenants")
      .set({ timezone: "Asia/Makassar" })
      .where("id", "=", clinic.tenant.id)
      .execute();
    await createUser(h.db.db, {
      tenantId: clinic.tenant.id,
      email: "rina@sulteng.test",
      name: "Rina Analis",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    await createUser(h.db.db, {
      tenantId: clinic.tenant.id,
      email: "budi@sulteng.test",
      name: "Budi Analis",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    const wa = await forClinic(h.db.db, clinic.tenant.id).createSource({
      kind: "rss",
      name: "Pantauan Grup WA",
      url: "https://contoh.test/wa.xml",
      scheduleSec: 300,
    });
    const texts: [string, string, number, number][] = [
      ["vaksin", "SEBARKAN!!! Vaksin booster mengandung chip 5G pelacak, tolak sekarang sebelum terlambat", 0.96, 4],
      ["bansos", "Bantuan tunai Rp 3,5 juta cair hari ini, daftar lewat bit.ly/bansos-cair pakai NIK dan OTP", 0.91, 2],
      ["gempa", "BMKG: gempa magnitudo 9 akan mengguncang Palu besok pukul 10.00, segera mengungsi", 0.88, 1],
      ["air", "Minum air rebusan daun sirsak menyembuhkan kanker stadium 4 dalam seminggu", 0.8, 3],
      ["tilang", "Mulai 1 Desember tilang manual dihapus, semua diganti kamera ETLE", 0.62, 1],
      ["listrik", "Pemadaman listrik bergilir di Kota Palu hari Minggu, cek jadwal di situs PLN", 0.35, 1],
      ["cuaca", "Prakiraan cuaca: hujan ringan di Donggala sore ini", 0.12, 1],
    ];
    for (const [key, text, score, members] of texts) {
      claims[key] = (
        await seedClaim(h, clinic.tenant.id, {
          text,
          score,
          members,
          sourceId: wa.id,
          url: `https://contoh.test/${key}`,
        })
      ).clusterId;
    }
    server = await serveApp(h);
    feeds = await fixtureServer({
      "/rusak.xml": () => ({ body: "<html><body>Maaf, server sedang gangguan</body></html>", type: "text/html" }),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await feeds?.close();
    await h?.close();
  });

  it("logs in and shows the clinic's claims, highest score first, with reasons and sources", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/antrean`);
    await expect.poll(() => page.url()).toContain("/masuk");
    await loginInBrowser(page, server.url, "admin@sulteng.test");
    await expect.poll(() => page.url()).toMatch(/\/antrean$/);
    const rows = page.locator("table.queue tbody tr");
    expect(await rows.count()).toBe(7);
    expect(await rows.first().getAttribute("data-id")).toBe(claims.vaksin);
    await expect.poll(() => rows.first().innerText()).toContain("Ajakan menyebarkan segera");
    expect(await rows.first().innerText()).toContain("Pantauan Grup WA");
    expect(await rows.first().innerText()).toMatch(/WITA/);
    await screenshot(page, "queue");
    // The filter lives in the URL.
    await page.getByLabel("Cari teks").fill("sirsak");
    await page.getByRole("button", { name: "Terapkan", exact: true }).click();
    await expect.poll(() => page.url()).toContain("q=sirsak");
    await expect.poll(() => rows.count()).toBe(1);
    // English on request.
    await page.goto(`${server.url}/antrean?lang=en`);
    expect(await page.locator("h1").innerText()).toBe("Claim queue");
    await page.goto(`${server.url}/antrean?lang=id`);
    expect(await page.locator("h1").innerText()).toBe("Antrean klaim");
  });

  it("triages three claims from the keyboard and shows the help overlay", async () => {
    const page = await newPage();
    await loginInBrowser(page, server.url, "rina@sulteng.test");
    await page.keyboard.press("?");
    await expect.poll(() => page.locator("#help").isVisible()).toBe(true);
    expect(await page.locator("#help").innerText()).toContain("Klaim berikutnya");
    await screenshot(page, "help-overlay");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator("#help").isVisible()).toBe(false);

    await page.keyboard.press("j"); // vaksin
    await page.keyboard.press("j"); // bansos
    await page.keyboard.press("k"); // back to vaksin
    await page.keyboard.press("1"); // Salah/Hoaks → moves on to bansos
    await expect.poll(() => page.locator(`tr[data-id="${claims.vaksin}"]`).getAttribute("class")).toContain("gone");
    await page.keyboard.press("2"); // bansos: Menyesatkan
    await expect.poll(() => page.locator(`tr[data-id="${claims.bansos}"]`).getAttribute("class")).toContain("gone");
    await page.keyboard.press("4"); // gempa: Belum terbukti
    await expect.poll(() => page.locator(`tr[data-id="${claims.gempa}"]`).getAttribute("class")).toContain("gone");
    expect(await page.locator("tr.current").getAttribute("data-id")).toBe(claims.air);

    const db = h.db.db;
    expect(await forClinic(db, clinic.tenant.id).getCluster(claims.vaksin ?? "")).toMatchObject({
      status: "done",
      verdict: "false",
    });
    expect(await forClinic(db, clinic.tenant.id).getCluster(claims.bansos ?? "")).toMatchObject({
      status: "done",
      verdict: "misleading",
    });
    expect(await forClinic(db, clinic.tenant.id).getCluster(claims.gempa ?? "")).toMatchObject({
      status: "done",
      verdict: "unproven",
    });
    const members = await db
      .selectFrom("items")
      .select("status")
      .where("cluster_id", "=", claims.vaksin ?? "")
      .execute();
    expect(members.map((m) => m.status)).toEqual(["done", "done", "done", "done"]);
    // Done claims leave the default queue.
    await page.reload();
    expect(await page.locator("table.queue tbody tr").count()).toBe(4);
  });

  it("moves on to the next claim after a verdict key on the claim page", async () => {
    const first = await seedClaim(h, clinic.tenant.id, {
      text: "Pesan suara: air PDAM tercemar racun, jangan diminum",
      score: 0.999,
    });
    const second = await seedClaim(h, clinic.tenant.id, {
      text: "Foto lama banjir 2018 disebut banjir hari ini",
      score: 0.998,
    });
    const page = await newPage();
    await loginInBrowser(page, server.url, "budi@sulteng.test");
    await page.goto(`${server.url}/klaster/${first.clusterId}`);
    await page.keyboard.press("3");
    await expect.poll(() => page.url()).toContain(`/klaster/${second.clusterId}`);
    // The URL changes when the navigation commits; the key handler exists only once the
    // new page has run its deferred script (document complete).
    await page.waitForFunction(
      `location.pathname.endsWith("/klaster/${second.clusterId}") && document.readyState === "complete"`,
    );
    expect(await forClinic(h.db.db, clinic.tenant.id).getCluster(first.clusterId)).toMatchObject({
      status: "done",
      verdict: "true",
    });
    await page.keyboard.press("2");
    await expect
      .poll(async () => (await forClinic(h.db.db, clinic.tenant.id).getCluster(second.clusterId))?.verdict)
      .toBe("misleading");
    // The loop went on to the next open claim: opened, not taken, and saying what was saved, with its undo.
    await expect.poll(() => page.url()).toContain(`/klaster/${claims.air}`);
    expect(await page.locator("#action-notice").innerText()).toContain("Menyesatkan diberikan ke 1 klaim");
    expect(await page.getByRole("button", { name: "Urungkan" }).count()).toBe(1);
    expect(await forClinic(h.db.db, clinic.tenant.id).getCluster(claims.air ?? "")).toMatchObject({
      status: "new",
      claimed_by: null,
    });
  });

  it("applies one verdict to many selected claims at once", async () => {
    const page = await newPage();
    await loginInBrowser(page, server.url, "admin@sulteng.test");
    await page.goto(`${server.url}/antrean?max=70`);
    expect(await page.locator("table.queue tbody tr").count()).toBe(3);
    await page.getByLabel("Pilih semua di halaman ini").check();
    await page.getByLabel("Tindakan untuk yang dipilih").selectOption({ label: "Benar" });
    // The browser asks first, naming the verdict and the count.
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.getByRole("button", { name: "Terapkan ke yang dipilih" }).click();
    await expect.poll(() => page.locator("#action-notice").innerText()).toContain("Benar diberikan ke 3 klaim");
    expect(asked).toEqual(["Terapkan ke 3 klaim: Benar?"]);
    expect(page.url()).toContain("max=70");
    for (const key of ["tilang", "listrik", "cuaca"]) {
      expect(await forClinic(h.db.db, clinic.tenant.id).getCluster(claims[key] ?? "")).toMatchObject({
        status: "done",
        verdict: "true",
      });
    }
  });

  it("shows a claim held by one analyst as taken to another", async () => {
    const rina = await newPage();
    const budi = await newPage();
    await loginInBrowser(rina, server.url, "rina@sulteng.test");
    await loginInBrowser(budi, server.url, "budi@sulteng.test");
    await rina.goto(`${server.url}/klaster/${claims.air}`);
    // Viewing never locks; starting to write the verdict's note does.
    expect((await forClinic(h.db.db, clinic.tenant.id).getCluster(claims.air ?? ""))?.claimed_by).toBeNull();
    await rina.getByLabel("Catatan (opsional)").first().click();
    await expect.poll(() => rina.locator(".notice.ok").innerText()).toContain("Anda meninjau klaim ini");
    expect(await rina.locator(".fulltext").first().innerText()).toContain("daun sirsak");
    await screenshot(rina, "cluster");

    await budi.reload();
    const row = budi.locator(`tr[data-id="${claims.air}"]`);
    expect(await row.innerText()).toContain("sedang ditinjau oleh Rina Analis");
    await screenshot(budi, "queue-claimed");
    await budi.goto(`${server.url}/klaster/${claims.air}`);
    expect(await budi.locator("#held").innerText()).toContain("Rina Analis");
    expect(await budi.getByRole("button", { name: /Salah\/Hoaks/ }).isDisabled()).toBe(true);
    await budi.keyboard.press("1");
    expect((await forClinic(h.db.db, clinic.tenant.id).getCluster(claims.air ?? ""))?.claimed_by).not.toBeNull();
    expect((await forClinic(h.db.db, clinic.tenant.id).getCluster(claims.air ?? ""))?.status).toBe("in_review");

    // An abandoned lock lapses: 3 minutes later Budi can edit it.
    await h.db.db
      .updateTable("clusters")
      .set({ claimed_until: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", claims.air ?? "")
      .execute();
    await budi.reload();
    expect(await budi.locator("#held").count()).toBe(0);
    await budi.getByLabel("Catatan (opsional)").first().fill("cek");
    await expect.poll(() => budi.locator(".notice.ok").innerText()).toContain("Anda meninjau klaim ini");
  });

  it("writes, previews and publishes a clarification the public can read", async () => {
    const page = await newPage();
    await loginInBrowser(page, server.url, "admin@sulteng.test");
    await page.goto(`${server.url}/klaster/${claims.vaksin}`);
    await page.getByRole("link", { name: "Tulis klarifikasi" }).click();
    await page.getByLabel("Judul").fill("[HOAKS] Vaksin booster tidak mengandung chip");
    await page
      .getByLabel("Isi")
      .fill(
        "Kementerian Kesehatan memastikan vaksin booster tidak mengandung chip apa pun.\n\nSumber: siaran pers resmi.",
      );
    await page.getByLabel("Putusan").selectOption("false");
    expect(await page.locator('input[name="item"]:checked').count()).toBe(4);
    await page.getByRole("button", { name: "Pratinjau" }).click();
    await expect.poll(() => page.locator(".preview").innerText()).toContain("Vaksin booster tidak mengandung chip");
    await screenshot(page, "clarification-editor");
    await page.getByRole("button", { name: "Simpan draf" }).click();
    await expect.poll(() => page.url()).toMatch(/\/klarifikasi\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Terbitkan" }).click();
    // Publishing asks first, showing what the public will read.
    await expect.poll(() => page.locator("h1").first().innerText()).toBe("Terbitkan klarifikasi ini?");
    await page.getByRole("button", { name: "Ya, terbitkan" }).click();
    const link = page.locator("#public-link");
    await expect.poll(() => link.count()).toBe(1);
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/k\/sulteng\/klarifikasi\//);

    const visitor = await newPage({ mobile: true });
    const res = await visitor.goto(`${server.url}${href}`);
    expect(res?.status()).toBe(200);
    expect(await visitor.locator("h1").innerText()).toContain("Vaksin booster tidak mengandung chip");
    expect(await visitor.locator(".verdict.big").innerText()).toBe("Salah/Hoaks");
    await screenshot(visitor, "public-clarification");
  });

  it("shows a broken feed's health in words, and pauses and resumes it", async () => {
    const src = await forClinic(h.db.db, clinic.tenant.id).createSource({
      kind: "rss",
      name: "Portal Berita Rusak",
      url: feeds.url("/rusak.xml"),
      scheduleSec: 300,
    });
    const ingest = ingestProcessor(h);
    expect((await ingest({ tenantId: clinic.tenant.id, sourceId: src.id })).kind).toBe("failed");

    const page = await newPage();
    await loginInBrowser(page, server.url, "admin@sulteng.test");
    await page.getByRole("link", { name: "Sumber" }).click();
    const row = page.locator(`tr[data-source="${src.id}"]`);
    expect(await row.locator(".badge").innerText()).toBe("Gagal");
    expect(await row.locator(".error-text").innerText()).toContain("Alamat ini halaman web biasa, bukan feed.");
    expect(await row.innerText()).toContain("1 kegagalan berturut-turut");
    await screenshot(page, "sources");
    await row.getByRole("button", { name: "Jeda" }).click();
    await expect
      .poll(() => page.locator(`tr[data-source="${src.id}"]`).innerText())
      .toContain("Dijeda oleh admin sulteng");
    expect((await forClinic(h.db.db, clinic.tenant.id).getSource(src.id))?.enabled).toBe(0);
    await page.locator(`tr[data-source="${src.id}"]`).getByRole("button", { name: "Lanjutkan" }).click();
    await expect.poll(() => page.locator(`tr[data-source="${src.id}"] .badge`).innerText()).toBe("Gagal");
    expect(await forClinic(h.db.db, clinic.tenant.id).getSource(src.id)).toMatchObject({
      enabled: 1,
      consecutive_failures: 0,
      paused_reason: null,
      next_fetch_at: null,
    });
    // Analysts cannot reach it.
    const analyst = await newPage();
    await loginInBrowser(analyst, server.url, "budi@sulteng.test");
    expect(await analyst.getByRole("link", { name: "Sumber" }).count()).toBe(0);
  });

  it("renders a hostile item inert: no script runs, no javascript: link, direction overrides shown", async () => {
    const payload = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3"></svg> \u202Egnp.exe BACA`;
    const { clusterId } = await seedClaim(h, clinic.tenant.id, {
      title: payload,
      text: `${payload}\n<a href="javascript:window.__pwned=4">klik</a>`,
      url: "javascript:window.__pwned=5",
      score: 0.99,
    });
    const page = await newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await loginInBrowser(page, server.url, "admin@sulteng.test");
    const row = page.locator(`tr[data-id="${clusterId}"]`);
    expect(await row.innerText()).toContain("<script>window.__pwned=1</script>");
    expect(await row.getAttribute("data-url")).toBeNull();
    await page.keyboard.press("j");
    await page.keyboard.press("o");
    await page.goto(`${server.url}/klaster/${clusterId}`);
    expect(await page.locator(".fulltext").first().innerText()).toContain('<img src=x onerror="window.__pwned=2">');
    expect(await page.locator("h1").innerText()).toContain("⟦U+202E⟧gnp.exe");
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.locator(".member img, .member svg, .member script").count()).toBe(0);
    await page.keyboard.press("o");
    await page.waitForTimeout(200);
    await screenshot(page, "hostile-item");
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(page.context().pages()).toHaveLength(1);
  });

  it("announces new claims without a reload", async () => {
    const page = await newPage({ mobile: true });
    await page.clock.install();
    await loginInBrowser(page, server.url, "budi@sulteng.test");
    await screenshot(page, "queue-mobile");
    await seedClaim(h, clinic.tenant.id, { text: "Pesan berantai baru: sinyal HP penyebab gempa", score: 0.7 });
    await seedClaim(h, clinic.tenant.id, { text: "Pesan berantai baru: beras plastik beredar di pasar", score: 0.7 });
    await page.clock.fastForward(16_000);
    await expect.poll(() => page.locator("#new-claims").innerText()).toBe("2 klaim baru — muat ulang");
    expect(await page.locator("#new-claims").getAttribute("aria-live")).toBe("polite");
  });
});
