import { createSession, createTenant, createUser, type Tenant } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "../support/harness.ts";
import { postForm, seedClaim, uiSession } from "./support.ts";

/**
 * Issue 13: staff preview what the public gets. The staff page of a clarification, the
 * "publish this?" step and the editor's preview render the article through the component
 * of the public page, so the article part of each is the public page's, byte for byte;
 * the staff frame never carries ClaimReview, link-preview tags or anything indexable.
 */

const CLAIM =
  "Beredar pesan: air rebusan daun sirsak menyembuhkan kanker dalam tiga hari, kata dokter di grup keluarga.";

/** The article of a page: from `<article … data-clarification="id"` to its end. */
function articleOf(html: string, id: string): string | undefined {
  const start = html.indexOf(`data-clarification="${id}"`);
  if (start < 0) return undefined;
  const open = html.lastIndexOf("<article", start);
  const end = html.indexOf("</article>", start);
  return open < 0 || end < 0 ? undefined : html.slice(open, end + "</article>".length);
}

describe.each(DIALECTS)("clarification preview on %s", (dialect) => {
  let h: Harness;
  let tenant: Tenant;
  let auth: { authorization: string };
  let ui: { cookie: string; csrf: string };
  let claim: { clusterId: string; itemIds: string[] };
  let id: string;

  beforeAll(async () => {
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
    tenant = await createTenant(h.db.db, { slug: "kota-bima", name: "Diskominfo Kota Bima" });
    // The public name differs from the staff one: the byline is the public page's.
    await h.db.db
      .updateTable("tenants")
      .set({ display_name: "Klinik Hoaks Bima" })
      .where("id", "=", tenant.id)
      .execute();
    const user = await createUser(h.db.db, {
      tenantId: tenant.id,
      email: "admin@bima.test",
      name: "Admin Bima",
      password: "kata-sandi-uji",
      role: "admin",
    });
    auth = { authorization: `Bearer ${(await createSession(h.db.db, user, 1)).token}` };
    ui = await uiSession(h, "admin@bima.test");
    claim = await seedClaim(h, tenant.id, {
      text: CLAIM,
      url: "https://medsos.test/post/sirsak",
      score: 0.95,
      members: 2,
    });
    const d = await call(h, "POST", "/api/v1/clarifications", {
      headers: auth,
      body: {
        title: "[HOAKS] Daun sirsak tidak menyembuhkan kanker",
        body: "Tidak ada bukti klinis.\nSumber: https://kemkes.go.id/siaran",
        verdict: "false",
        itemIds: claim.itemIds,
      },
    });
    expect(d.status).toBe(201);
    id = d.body.id;
    const ev = await call(h, "POST", `/api/v1/clarifications/${id}/evidence`, {
      headers: auth,
      body: { url: "https://kemkes.go.id/siaran", title: "Siaran Kemenkes", kind: "official" },
    });
    expect(ev.status).toBe(201);
  });
  afterAll(async () => h?.close());

  const staff = async (path: string) => (await h.app.request(path, { headers: { cookie: ui.cookie } })).text();
  /** The editor's "Pratinjau" step with the clarification as saved (its messages ticked). */
  const editorPreview = async (body: string) => {
    const form = new URLSearchParams({
      _csrf: ui.csrf,
      aksi: "pratinjau",
      judul: "[HOAKS] Daun sirsak tidak menyembuhkan kanker",
      isi: body,
      verdict: "false",
      klaster: claim.clusterId,
      ditawarkan: claim.itemIds.join(","),
    });
    for (const item of claim.itemIds) form.append("item", item);
    const res = await h.app.request(`/klarifikasi/${id}/ubah`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: ui.cookie },
      body: form,
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  const publicPage = async () => {
    const res = await h.app.request(`/k/kota-bima/klarifikasi/${id}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it("previews a draft with the claim as it circulated, the evidence and the public name, and nothing indexable", async () => {
    for (const html of [
      await staff(`/klarifikasi/${id}`),
      await staff(`/klarifikasi/${id}/terbitkan`),
      await editorPreview("Tidak ada bukti klinis.\nSumber: https://kemkes.go.id/siaran"),
    ]) {
      const article = articleOf(html, id) ?? "";
      expect(article).toContain("[HOAKS] Daun sirsak tidak menyembuhkan kanker");
      expect(article).toContain("data-appearance");
      expect(article).toContain('href="https://medsos.test/post/sirsak"');
      expect(article).toContain('href="https://kemkes.go.id/siaran"');
      expect(article).toContain("Siaran Kemenkes");
      expect(article).toContain("Klinik Hoaks Bima");
      expect(html).not.toContain("application/ld+json");
      expect(html).not.toMatch(/property="og:|name="twitter:|rel="canonical"/);
      expect(html).toContain('<meta name="robots" content="noindex, nofollow"');
    }
    expect((await h.app.request(`/k/kota-bima/klarifikasi/${id}`)).status).toBe(404);
  });

  it("renders a published clarification's article on the staff page, in the editor's preview and publicly alike", async () => {
    const pub = await postForm(h, `/klarifikasi/${id}/terbitkan`, ui.cookie, { _csrf: ui.csrf, konfirmasi: "ya" });
    expect(pub.status).toBe(303);
    const fix = await call(h, "PATCH", `/api/v1/clarifications/${id}`, {
      headers: auth,
      body: {
        body: "Tidak ada bukti klinis apa pun.\nSumber: https://kemkes.go.id/siaran",
        correction: "Kalimat diperjelas",
      },
    });
    expect(fix.status).toBe(200);
    // A claim's verdict now contradicts the text: the public page says it is under review.
    const v = await call(h, "POST", `/api/v1/clusters/${claim.clusterId}/verdict`, {
      headers: auth,
      body: { verdict: "misleading" },
    });
    expect(v.status).toBe(201);

    const expected = articleOf(await publicPage(), id);
    expect(expected).toContain('id="under-review"');
    expect(expected).toContain("Kalimat diperjelas");
    expect(expected).toContain("data-appearance");
    expect(expected).toContain("Siaran Kemenkes");
    expect(articleOf(await staff(`/klarifikasi/${id}`), id)).toBe(expected);
    const editor = await editorPreview("Tidak ada bukti klinis apa pun.\nSumber: https://kemkes.go.id/siaran");
    expect(articleOf(editor, id)).toBe(expected);
    // In English too.
    const en = articleOf(await (await h.app.request(`/k/kota-bima/klarifikasi/${id}?lang=en`)).text(), id);
    expect(articleOf(await staff(`/klarifikasi/${id}?lang=en`), id)).toBe(en);
  });

  it("shows a withdrawn one as the public does: when and why, not the text", async () => {
    const w = await call(h, "POST", `/api/v1/clarifications/${id}/withdraw`, {
      headers: auth,
      body: { reason: "Diperiksa ulang bersama Dinas Kesehatan" },
    });
    expect(w.status).toBe(200);
    const expected = articleOf(await publicPage(), id);
    expect(expected).toContain('id="withdrawn-notice"');
    expect(expected).not.toContain("Tidak ada bukti klinis");
    expect(articleOf(await staff(`/klarifikasi/${id}`), id)).toBe(expected);
  });
});
