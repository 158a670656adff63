import { forClinic, listClinics } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, type Harness } from "./support/harness.ts";
import { claimIn, onboard, operatorOf, personOf } from "./support/offices.ts";
import { postForm, uiSession } from "./ui/support.ts";

type Ui = { cookie: string; csrf: string };

describe("offices in the web UI (app.request)", () => {
  let h: Harness;
  let op: Ui;
  let ids: Map<string, string>;
  let prov: Ui;
  let kota: Ui;
  let kotaAdmin: Ui;
  let bali: Ui;
  let claim: string;
  const at = (code: string) => ids.get(code) ?? "";
  const get = async (path: string, who: Ui) => {
    const res = await h.app.request(path, { headers: { cookie: who.cookie } });
    return { status: res.status, html: await res.text() };
  };
  const post = (path: string, who: Ui, fields: Record<string, string>) =>
    postForm(h, path, who.cookie, { _csrf: who.csrf, ...fields });

  beforeAll(async () => {
    h = await createHarness();
    const o = await operatorOf(h);
    op = await uiSession(h, "operator@demo.test");
    // Bali through the API; Jawa Barat through the form below.
    const b = await onboard(h, o.auth, "51", true);
    ids = new Map([...b].map(([code, c]) => [code, c.id]));
  });
  afterAll(async () => h?.close());

  it("the operator onboards a province with its regencies from the clinics page", async () => {
    const page = await get("/klinik", op);
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/klinik"');
    expect(page.html).toContain("32 · Jawa Barat");
    const res = await post("/klinik", op, { wilayah: "32", anak: "1" });
    expect(res.status).toBe(303);
    const after = await get(`/klinik?status=dormant`, {
      cookie: `${op.cookie}; ${res.headers.get("set-cookie")?.split(";")[0]}`,
      csrf: op.csrf,
    });
    expect(after.html).toContain("28 klinik dibuat");
    expect(after.html).toContain("Kota Bandung");
    expect(after.html).toContain("Tidur");
    const again = await post("/klinik", op, { wilayah: "32", anak: "1" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already onboarded");
    for (const c of await listClinics(h.db.db)) if (c.region_code) ids.set(c.region_code, c.id);
    expect(ids.get("32.73")).toBeDefined();
    await personOf(h, at("32"), "analis@jabar.test");
    await personOf(h, at("32.73"), "analis@kotabandung.test");
    await personOf(h, at("32.73"), "admin@kotabandung.test", "admin");
    await personOf(h, at("51.71"), "analis@denpasar.test");
    prov = await uiSession(h, "analis@jabar.test");
    kota = await uiSession(h, "analis@kotabandung.test");
    kotaAdmin = await uiSession(h, "admin@kotabandung.test");
    bali = await uiSession(h, "analis@denpasar.test");
    claim = await claimIn(h, at("32.73"), "chip", "Vaksin mengandung chip");
  });

  it("shows each person only the links and pages they may use", async () => {
    const regency = await get("/antrean", kota);
    expect(regency.html).not.toContain('href="/klinik"');
    expect(regency.html).not.toContain('href="/provinsi"');
    expect(regency.html).toContain('href="/eskalasi"');
    expect((await get("/klinik", kota)).status).toBe(403);
    expect((await post("/klinik", kota, { wilayah: "33" })).status).toBe(403);
    expect((await get("/pengaturan", kota)).status).toBe(403);
    expect((await get("/antrean", prov)).html).toContain('href="/provinsi"');
    expect((await get("/antrean", kotaAdmin)).html).toContain('href="/pengaturan"');
  });

  it("an admin changes the clinic's settings; a non-https logo is refused", async () => {
    const bad = await post("/pengaturan", kotaAdmin, { logo: "http://bandung.go.id/logo.png", kontak: "x" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("https");
    const ok = await post("/pengaturan", kotaAdmin, {
      nama_tampilan: "Klinik Hoaks <b>Bandung</b>",
      logo: "https://bandung.go.id/logo.png",
      persetujuan: "1",
    });
    expect(ok.status).toBe(303);
    const page = await get("/pengaturan", kotaAdmin);
    expect(page.html).toContain("Klinik Hoaks &lt;b&gt;Bandung&lt;/b&gt;");
    expect(page.html).toMatch(/name="persetujuan" value="1" checked/);
    expect(page.html).not.toMatch(/name="dua_langkah" value="1" checked/);
    // another clinic's settings: not found for its admin, open to the operator
    expect((await get(`/pengaturan?klinik=${at("51.71")}`, kotaAdmin)).status).toBe(404);
    expect((await post("/pengaturan", kotaAdmin, { klinik: at("51.71"), kontak: "x" })).status).toBe(404);
    const byOp = await post("/pengaturan", op, { klinik: at("51.71"), kontak: "humas@denpasar.go.id" });
    expect(byOp.headers.get("location")).toBe(`/pengaturan?klinik=${at("51.71")}`);
    expect((await get(`/pengaturan?klinik=${at("51.71")}`, op)).html).toContain("humas@denpasar.go.id");
    expect((await get("/klinik", op)).html).toContain(`href="/pengaturan?klinik=${at("51.71")}"`);
  });

  it("the public pages show the clinic's public name, https logo and contact", async () => {
    const clinic = forClinic(h.db.db, at("32.73"));
    const [someone] = await clinic.listTenantUsers();
    const made = await clinic.createClarification({
      title: "Bukan chip",
      body: "Isi",
      verdict: "false",
      itemIds: [],
      userId: someone?.id ?? "",
    });
    if (!made.ok) throw new Error("clarification");
    await clinic.publishClarification(made.clarification.id);
    const res = await h.app.request(`/k/kota-bandung/klarifikasi/${made.clarification.id}`);
    const html = await res.text();
    expect(html).toContain("Klinik Hoaks &lt;b&gt;Bandung&lt;/b&gt;");
    expect(html).toContain('<a class="pub-brand" href="/k/kota-bandung"><img src="https://bandung.go.id/logo.png"');
    expect(res.headers.get("content-security-policy")).toContain("img-src 'self' https:;");
    const queue = await h.app.request("/antrean", { headers: { cookie: kota.cookie } });
    expect(queue.headers.get("content-security-policy")).toContain("img-src 'self';");
    const api = await call(h, "GET", "/api/v1/public/kota-bandung/clarifications");
    expect(api.body.clinic).toEqual({
      slug: "kota-bandung",
      name: "Klinik Hoaks <b>Bandung</b>",
      logoUrl: "https://bandung.go.id/logo.png",
      contact: null,
    });
  });

  it("a province reads a regency's queue and claim read only, via the switcher", async () => {
    const queue = await get(`/antrean?klinik=${at("32.73")}`, prov);
    expect(queue.status).toBe(200);
    expect(queue.html).toContain("Anda membaca antrean");
    expect(queue.html).toContain(`/klaster/${claim}?klinik=${at("32.73")}`);
    expect(queue.html).not.toContain('name="aksi"');
    expect(queue.html).toContain(`<option value="${at("32.73")}" selected`);
    const page = await get(`/klaster/${claim}?klinik=${at("32.73")}`, prov);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Vaksin mengandung chip");
    expect(page.html).not.toContain("/putusan");
    expect(page.html).not.toContain("data-free");
    expect((await get(`/klaster/${claim}`, prov)).status).toBe(404);
    expect((await post(`/klaster/${claim}/putusan`, prov, { verdict: "false" })).status).toBe(404);
    expect((await get(`/antrean?klinik=${at("51.71")}`, prov)).status).toBe(404);
    expect((await get(`/antrean?klinik=${at("32.73")}`, bali)).status).toBe(404);
    const overview = await get("/provinsi", prov);
    expect(overview.html).toContain("Kota Bandung");
    expect(overview.html).toContain(`/antrean?klinik=${at("32.73")}`);
  });

  it("a regency escalates from the claim page; the province answers; the regency reads the answer", async () => {
    const page = await get(`/klaster/${claim}`, kota);
    expect(page.html).toContain(`/klaster/${claim}/eskalasi`);
    expect((await post(`/klaster/${claim}/eskalasi`, kota, { alasan: "Isu provinsi" })).status).toBe(303);
    expect((await get(`/klaster/${claim}`, kota)).html).not.toContain(`/klaster/${claim}/eskalasi"`);
    const queue = await get("/antrean", prov);
    expect(queue.html).toContain("Eskalasi dari kabupaten/kota");
    expect(queue.html).toMatch(/data-regency-name[^>]*>Kota Bandung</);
    const list = await get("/eskalasi", prov);
    const id = /data-escalation="([^"]+)"/.exec(list.html)?.[1] ?? "";
    expect(list.html).toContain(`/eskalasi/${id}/jawab`);
    expect((await post(`/eskalasi/${id}/jawab`, bali, { jawaban: "x" })).status).toBe(404);
    expect((await post(`/eskalasi/${id}/jawab`, prov, { jawaban: "" })).status).toBe(400);
    const answered = await post(`/eskalasi/${id}/jawab`, prov, {
      jawaban: "Hoaks lama, sudah dibantah Dinkes.",
      verdict: "false",
    });
    expect(answered.status).toBe(303);
    const seen = await get(`/klaster/${claim}`, kota);
    expect(seen.html).toContain("Hoaks lama, sudah dibantah Dinkes.");
    expect(seen.html).toContain("Dijawab");
    expect((await get("/eskalasi", kota)).html).toContain("Hoaks lama");
  });
});
