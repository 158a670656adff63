import { createSession, createTenant, createUser, forClinic, listAudit, type Tenant } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { postForm, seedClaim, uiSession } from "./ui/support.ts";

/**
 * Editorial workflow (issue 13 part 5): drafts change freely; a published clarification
 * changes only with a visible correction note (dateModified, corrections kept as a list)
 * or is withdrawn with a reason (its URL stays and says so; it leaves lists and the
 * check); a claim verdict that now contradicts it is shown to the editor and the public;
 * in a clinic that requires approval only a publisher or admin changes what is public.
 */

const HOAX =
  "Pesan berantai: mulai besok WhatsApp berbayar lima ribu rupiah per bulan kecuali pesan ini diteruskan " +
  "ke dua puluh kontak, begitu kata pengumuman resmi yang beredar di grup keluarga dan grup alumni.";

type Role = "admin" | "analyst" | "publisher" | "viewer";
async function personIn(h: Harness, tenant: Tenant, email: string, role: Role) {
  const user = await createUser(h.db.db, { tenantId: tenant.id, email, name: email, password: "kata-sandi-uji", role });
  const { token } = await createSession(h.db.db, user, 1);
  return { user, auth: { authorization: `Bearer ${token}` } };
}
type Person = Awaited<ReturnType<typeof personIn>>;

describe.each(DIALECTS)("editorial workflow on %s", (dialect) => {
  let h: Harness;
  let home: Tenant;
  let strict: Tenant;
  let p: Record<"admin" | "analyst" | "strictAnalyst" | "strictPublisher", Person>;

  beforeAll(async () => {
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
    home = await createTenant(h.db.db, { slug: "kota-palu", name: "Kota Palu" });
    strict = await createTenant(h.db.db, { slug: "kab-poso", name: "Kabupaten Poso" });
    await h.db.db.updateTable("tenants").set({ require_approval: 1 }).where("id", "=", strict.id).execute();
    p = {
      admin: await personIn(h, home, "admin@palu.test", "admin"),
      analyst: await personIn(h, home, "ana@palu.test", "analyst"),
      strictAnalyst: await personIn(h, strict, "ana@poso.test", "analyst"),
      strictPublisher: await personIn(h, strict, "penerbit@poso.test", "publisher"),
    };
  });
  afterAll(async () => h?.close());

  const api = (who: Person, method: string, path: string, body?: unknown) =>
    call(h, method, path, { headers: who.auth, ...(body ? { body } : {}) });
  const published = async (who: Person, title: string, itemIds: string[] = []) => {
    const d = await api(who, "POST", "/api/v1/clarifications", {
      title,
      body: `Hoaks. ${HOAX}`,
      verdict: "false",
      itemIds,
    });
    expect(d.status).toBe(201);
    const pub = await api(who, "POST", `/api/v1/clarifications/${d.body.id}/publish`);
    expect(pub.status).toBe(200);
    return d.body.id as string;
  };
  const publicPage = async (slug: string, id: string) => {
    const res = await h.app.request(`/k/${slug}/klarifikasi/${id}`);
    return { status: res.status, html: await res.text() };
  };
  const actions = async (tenant: Tenant, id: string) =>
    (await listAudit(h.db.db, { clinics: [tenant.id], limit: 500 }))
      .filter((e) => e.target_id === id)
      .map((e) => e.action);

  it("edits a draft as it is, and records what changed", async () => {
    const d = await api(p.analyst, "POST", "/api/v1/clarifications", { title: "Draf", body: HOAX, verdict: "false" });
    const r = await api(p.analyst, "PATCH", `/api/v1/clarifications/${d.body.id}`, {
      title: "Draf yang diperbaiki",
      verdict: "misleading",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      title: "Draf yang diperbaiki",
      verdict: "misleading",
      status: "draft",
      updatedAt: null,
    });
    expect(await actions(home, d.body.id)).toContain("clarification.edit");
    // Nothing public about a draft.
    expect((await publicPage("kota-palu", d.body.id)).status).toBe(404);
  });

  it("corrects a published clarification only with a note, shown publicly with dateModified", async () => {
    const id = await published(p.admin, "[HOAKS] WhatsApp berbayar");
    const bare = await api(p.admin, "PATCH", `/api/v1/clarifications/${id}`, { title: "Diam-diam diubah" });
    expect([bare.status, bare.body.error.code]).toEqual([400, "invalid_request"]);
    expect(bare.body.error.message).toContain("correction");
    const first = await api(p.admin, "PATCH", `/api/v1/clarifications/${id}`, {
      body: `Hoaks. ${HOAX} Sumber: siaran pers resmi.`,
      correction: "Menambahkan sumber <script>alert(1)</script>",
    });
    expect(first.status).toBe(200);
    expect(first.body.updatedAt).toEqual(expect.any(String));
    expect(first.body.publishedAt <= first.body.updatedAt).toBe(true);
    const second = await api(p.admin, "PATCH", `/api/v1/clarifications/${id}`, {
      verdict: "misleading",
      correction: "Putusan diubah menjadi menyesatkan",
    });
    expect(second.body.verdict).toBe("misleading");
    const page = await publicPage("kota-palu", id);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Menambahkan sumber &lt;script&gt;");
    expect(page.html).not.toContain("<script>alert");
    expect(page.html).toContain("Putusan diubah menjadi menyesatkan");
    expect(page.html.indexOf("Menambahkan sumber")).toBeLessThan(page.html.indexOf("Putusan diubah"));
    expect(page.html).toContain("Diperbarui");
    const trail = await listAudit(h.db.db, { clinics: [home.id], limit: 500 });
    const corrections = trail.filter((e) => e.target_id === id && e.action === "clarification.correct");
    expect(corrections.length).toBe(2);
    expect(JSON.parse(corrections.find((e) => e.summary?.includes("misleading"))?.summary ?? "{}")).toMatchObject({
      changed: ["verdict"],
      before: { verdict: "false" },
      after: { verdict: "misleading" },
    });
  });

  it("withdraws with a reason: the URL stays and says why, lists and the check leave it out", async () => {
    const id = await published(p.admin, "[HOAKS] Ditarik nanti");
    const check = async () =>
      (await call(h, "POST", "/api/v1/public/kota-palu/check", { body: { text: HOAX } })).body.data.map(
        (m: { id: string }) => m.id,
      );
    expect(await check()).toContain(id);
    const empty = await api(p.admin, "POST", `/api/v1/clarifications/${id}/withdraw`, { reason: "   " });
    expect(empty.status).toBe(400);
    const r = await api(p.admin, "POST", `/api/v1/clarifications/${id}/withdraw`, {
      reason: "Sumber yang dikutip ternyata keliru",
    });
    expect([r.status, r.body.status, r.body.withdrawnReason]).toEqual([
      200,
      "withdrawn",
      "Sumber yang dikutip ternyata keliru",
    ]);
    const page = await publicPage("kota-palu", id);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Ditarik");
    expect(page.html).toContain("Sumber yang dikutip ternyata keliru");
    expect(page.html).not.toContain(HOAX.slice(0, 40));
    const list = await call(h, "GET", "/api/v1/public/kota-palu/clarifications?limit=100");
    expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(id);
    expect(await check()).not.toContain(id);
    // Withdrawn is final: no second withdrawal, no correction.
    expect((await api(p.admin, "POST", `/api/v1/clarifications/${id}/withdraw`, { reason: "lagi" })).status).toBe(409);
    const fix = await api(p.admin, "PATCH", `/api/v1/clarifications/${id}`, { title: "x", correction: "y" });
    expect(fix.status).toBe(409);
    expect(await actions(home, id)).toEqual(
      expect.arrayContaining(["clarification.publish", "clarification.withdraw"]),
    );
    // A draft cannot be withdrawn.
    const d = await api(p.admin, "POST", "/api/v1/clarifications", { title: "D", body: "B", verdict: "false" });
    expect((await api(p.admin, "POST", `/api/v1/clarifications/${d.body.id}/withdraw`, { reason: "x" })).status).toBe(
      409,
    );
  });

  it("lets only a publisher or admin change what is public in a clinic that requires approval", async () => {
    const id = await published(p.strictPublisher, "[HOAKS] Poso");
    const a = await api(p.strictAnalyst, "PATCH", `/api/v1/clarifications/${id}`, { title: "x", correction: "y" });
    expect([a.status, a.body.error.code]).toEqual([403, "forbidden"]);
    expect(a.body.error.message).toContain("approval");
    const w = await api(p.strictAnalyst, "POST", `/api/v1/clarifications/${id}/withdraw`, { reason: "x" });
    expect(w.status).toBe(403);
    const ok = await api(p.strictPublisher, "PATCH", `/api/v1/clarifications/${id}`, {
      title: "[HOAKS] Poso (diperbarui)",
      correction: "Judul diperjelas",
    });
    expect(ok.status).toBe(200);
    // The analyst still edits their own drafts.
    const d = await api(p.strictAnalyst, "POST", "/api/v1/clarifications", { title: "D", body: "B", verdict: "false" });
    expect((await api(p.strictAnalyst, "PATCH", `/api/v1/clarifications/${d.body.id}`, { body: "B2" })).status).toBe(
      200,
    );
    expect(await actions(strict, id)).toContain("clarification.correct");
  });

  it("refuses another clinic's clarification (404), unknown items and empty changes (400)", async () => {
    const theirs = await published(p.strictPublisher, "[HOAKS] Milik Poso");
    expect(
      (await api(p.admin, "PATCH", `/api/v1/clarifications/${theirs}`, { title: "x", correction: "y" })).status,
    ).toBe(404);
    expect((await api(p.admin, "POST", `/api/v1/clarifications/${theirs}/withdraw`, { reason: "x" })).status).toBe(404);
    const d = await api(p.admin, "POST", "/api/v1/clarifications", { title: "D", body: "B", verdict: "false" });
    const claim = await seedClaim(h, strict.id, { text: "Klaim milik Poso", score: 0.9 });
    const foreign = await api(p.admin, "PATCH", `/api/v1/clarifications/${d.body.id}`, { itemIds: claim.itemIds });
    expect(foreign.status).toBe(400);
    expect((await api(p.admin, "PATCH", `/api/v1/clarifications/${d.body.id}`, {})).status).toBe(400);
    const long = await api(p.admin, "PATCH", `/api/v1/clarifications/${d.body.id}`, { title: "x".repeat(301) });
    expect([long.status, long.body.error.message]).toEqual([400, expect.stringContaining("title")]);
  });

  it("tells the editor and the public when a claim's verdict now contradicts the clarification", async () => {
    const claim = await seedClaim(h, home.id, { text: HOAX, score: 0.95, members: 2 });
    const id = await published(p.admin, "[HOAKS] Yang kemudian berbeda", claim.itemIds);
    expect((await publicPage("kota-palu", id)).html).not.toContain('id="under-review"');
    const v = await api(p.admin, "POST", `/api/v1/clusters/${claim.clusterId}/verdict`, { verdict: "misleading" });
    expect(v.status).toBe(201);
    const ui = await uiSession(h, "admin@palu.test");
    const staff = await (await h.app.request(`/klarifikasi/${id}`, { headers: { cookie: ui.cookie } })).text();
    expect(staff).toContain('id="disagreement"');
    expect(staff).toContain(`/klaster/${claim.clusterId}`);
    const list = await (await h.app.request("/klarifikasi", { headers: { cookie: ui.cookie } })).text();
    expect(list).toContain("berbeda dengan putusan klaim");
    expect((await publicPage("kota-palu", id)).html).toContain('id="under-review"');
    // Corrected to agree: the notices go away.
    await api(p.admin, "PATCH", `/api/v1/clarifications/${id}`, {
      verdict: "misleading",
      correction: "Putusan disesuaikan",
    });
    expect((await publicPage("kota-palu", id)).html).not.toContain('id="under-review"');
  });

  it("links claims by searching (a form step, no ids typed), never another clinic's", async () => {
    const mine = await seedClaim(h, home.id, { text: "Penculikan anak pakai mobil ambulans di Palu", score: 0.9 });
    const theirs = await seedClaim(h, strict.id, { text: "Penculikan anak pakai ambulans di Poso", score: 0.9 });
    const ui = await uiSession(h, "admin@palu.test");
    const form = { _csrf: ui.csrf, judul: "Judul", isi: "Isi", verdict: "false" };
    const found = await postForm(h, "/klarifikasi", ui.cookie, { ...form, aksi: "cari", cari: "ambulans" });
    const html = await found.text();
    expect(found.status).toBe(200);
    expect(html).toContain(`data-claim="${mine.clusterId}"`);
    expect(html).not.toContain(theirs.clusterId);
    // Ticking the claim offers its items, ticked; saving links them.
    const ticked = await postForm(h, "/klarifikasi", ui.cookie, {
      ...form,
      aksi: "pratinjau",
      klaster: mine.clusterId,
    });
    expect(await ticked.text()).toMatch(new RegExp(`name="item" value="${mine.itemIds[0]}" checked`));
    const saved = await postForm(h, "/klarifikasi", ui.cookie, {
      ...form,
      aksi: "simpan",
      klaster: mine.clusterId,
      item: mine.itemIds[0] ?? "",
    });
    expect(saved.status).toBe(303);
    const id = saved.headers.get("location")?.split("/").pop() ?? "";
    expect((await forClinic(h.db.db, home.id).getClarification(id))?.item_ids).toEqual(mine.itemIds);
    // The editor of the draft opens with the claim ticked.
    const edit = await (await h.app.request(`/klarifikasi/${id}/ubah`, { headers: { cookie: ui.cookie } })).text();
    expect(edit).toMatch(new RegExp(`value="${mine.clusterId}" checked`));
  });

  it("finds the claim to link by its words in any order, as the queue search does", async () => {
    const claim = await seedClaim(h, home.id, {
      text: "Info dari orang dalam: vaksin campak mengandung chip pelacak dan bikin anak mandul",
      score: 0.9,
    });
    const ui = await uiSession(h, "admin@palu.test");
    const form = { _csrf: ui.csrf, judul: "Judul", isi: "Isi", verdict: "false", aksi: "cari" };
    // Not a substring of the message: its words, another order, another case.
    for (const cari of ["Vaksin chip", "chip vaksin", "VAKSIN MANDUL"]) {
      const html = await (await postForm(h, "/klarifikasi", ui.cookie, { ...form, cari })).text();
      expect(html, cari).toContain(`data-claim="${claim.clusterId}"`);
    }
    const queue = await h.app.request(`/antrean?q=${encodeURIComponent("Vaksin chip")}`, {
      headers: { cookie: ui.cookie },
    });
    expect(await queue.text()).toContain(`/klaster/${claim.clusterId}`);
  });
});
