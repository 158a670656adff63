import { createSession, createTenant, createUser, forClinic, listAudit, type Tenant } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "./support/harness.ts";

/**
 * Publisher approval: in a clinic that requires it, an analyst's "publish" waits
 * for a publisher (or admin), who publishes it (then, and only then, it answers
 * messages in every clinic) or sends it back to draft with a reason.
 */

const HOAX =
  "Pesan berantai: bantuan tunai Kemensos sebesar tiga juta rupiah cair hari ini untuk semua pemilik KTP, " +
  "cukup isi data diri dan nomor rekening di tautan berikut sebelum kuota habis, sebarkan ke grup keluarga!";

async function personIn(h: Harness, tenant: Tenant, email: string, role: "admin" | "analyst" | "publisher" | "viewer") {
  const user = await createUser(h.db.db, { tenantId: tenant.id, email, name: email, password: "kata-sandi-uji", role });
  const { token } = await createSession(h.db.db, user, 1);
  const cookie = `kh_sesi=${token}`;
  const page = await (await h.app.request("/klarifikasi", { headers: { cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? "";
  return { user, auth: { authorization: `Bearer ${token}` }, cookie, csrf };
}
type Person = Awaited<ReturnType<typeof personIn>>;

describe.each(DIALECTS)("publisher approval on %s", (dialect) => {
  let h: Harness;
  let strict: Tenant;
  let relaxed: Tenant;
  let p: Record<"analyst" | "publisher" | "admin" | "viewer" | "other" | "relaxedAnalyst", Person>;

  beforeAll(async () => {
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
    strict = await createTenant(h.db.db, { slug: "kab-garut", name: "Kabupaten Garut" });
    // Set by the clinic admin's settings page; here directly.
    await h.db.db.updateTable("tenants").set({ require_approval: 1 }).where("id", "=", strict.id).execute();
    relaxed = await createTenant(h.db.db, { slug: "kab-ciamis", name: "Kabupaten Ciamis" });
    p = {
      analyst: await personIn(h, strict, "ana@garut.test", "analyst"),
      publisher: await personIn(h, strict, "penerbit@garut.test", "publisher"),
      admin: await personIn(h, strict, "admin@garut.test", "admin"),
      viewer: await personIn(h, strict, "kepala@garut.test", "viewer"),
      other: await personIn(h, relaxed, "penerbit@ciamis.test", "publisher"),
      relaxedAnalyst: await personIn(h, relaxed, "ana@ciamis.test", "analyst"),
    };
  });
  afterAll(async () => h?.close());

  const api = (who: Person, method: string, path: string, body?: unknown) =>
    call(h, method, path, { headers: who.auth, ...(body ? { body } : {}) });
  const draft = async (who: Person, title: string) => {
    const r = await api(who, "POST", "/api/v1/clarifications", { title, body: `Hoaks. ${HOAX}`, verdict: "false" });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const row = (id: string) =>
    h.db.db.selectFrom("clarifications").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const checkFinds = async (id: string) => {
    const r = await call(h, "POST", "/api/v1/public/kab-ciamis/check", { body: { text: HOAX } });
    expect(r.status).toBe(200);
    return r.body.data.some((m: { id: string }) => m.id === id);
  };
  const trail = async () => listAudit(h.db.db, { clinics: [strict.id], limit: 200 });

  it("holds an analyst's publish for a publisher, who publishes it: then it answers in every clinic", async () => {
    const id = await draft(p.analyst, "[HOAKS] Bantuan tunai tiga juta");
    const held = await api(p.analyst, "POST", `/api/v1/clarifications/${id}/publish`);
    expect([held.status, held.body.status, held.body.publishedAt]).toEqual([202, "pending", null]);
    expect(await row(id)).toMatchObject({ status: "pending", submitted_by: p.analyst.user.id, published_by: null });
    // A publisher finds what waits for them.
    const waiting = await api(p.publisher, "GET", "/api/v1/clarifications?status=pending");
    expect(waiting.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
    // Asking again changes nothing.
    expect((await api(p.analyst, "POST", `/api/v1/clarifications/${id}/publish`)).status).toBe(202);
    // Not public, not matched, while it waits.
    expect(await checkFinds(id)).toBe(false);
    expect((await h.app.request(`/k/kab-garut/klarifikasi/${id}`)).status).toBe(404);
    const pub = await call(h, "GET", "/api/v1/public/kab-garut/clarifications");
    expect(pub.body.data).toEqual([]);

    // Neither the analyst nor the viewer may approve or send back; another clinic's publisher does not see it.
    for (const who of [p.analyst, p.viewer]) {
      expect((await api(who, "POST", `/api/v1/clarifications/${id}/approve`)).status).toBe(403);
      expect((await api(who, "POST", `/api/v1/clarifications/${id}/reject`, { reason: "x" })).status).toBe(403);
    }
    expect((await api(p.other, "POST", `/api/v1/clarifications/${id}/approve`)).status).toBe(404);
    expect((await row(id)).status).toBe("pending");

    const approved = await api(p.publisher, "POST", `/api/v1/clarifications/${id}/approve`);
    expect([approved.status, approved.body.status]).toEqual([200, "published"]);
    expect(approved.body.publishedAt).toEqual(expect.any(String));
    expect(await row(id)).toMatchObject({ status: "published", published_by: p.publisher.user.id });
    // Matching starts only now, through the one publishing path.
    expect(await h.queues["match-clarification"].getJob(`published-${id}`)).toBeDefined();
    expect(await checkFinds(id)).toBe(true);
    expect((await h.app.request(`/k/kab-garut/klarifikasi/${id}`)).status).toBe(200);
    // Approving twice publishes once.
    expect((await api(p.publisher, "POST", `/api/v1/clarifications/${id}/approve`)).status).toBe(200);

    const rows = (await trail()).filter((r) => r.target_id === id).reverse();
    expect(rows.map((r) => [r.action, r.actor_label])).toEqual([
      ["clarification.create", "ana@garut.test"],
      ["clarification.submit", "ana@garut.test"],
      ["clarification.approve", "penerbit@garut.test"],
    ]);
  });

  it("sends a pending one back to draft with a reason; the analyst can submit it again", async () => {
    const id = await draft(p.analyst, "[HOAKS] Kuota bantuan");
    expect((await api(p.publisher, "POST", `/api/v1/clarifications/${id}/approve`)).status).toBe(409);
    expect(
      (await api(p.publisher, "POST", `/api/v1/clarifications/${id}/reject`, { reason: "Belum diajukan" })).status,
    ).toBe(409);
    expect((await api(p.analyst, "POST", `/api/v1/clarifications/${id}/publish`)).status).toBe(202);
    const empty = await api(p.admin, "POST", `/api/v1/clarifications/${id}/reject`, { reason: "   " });
    expect([empty.status, empty.body.error.code]).toEqual([400, "invalid_request"]);
    const back = await api(p.admin, "POST", `/api/v1/clarifications/${id}/reject`, {
      reason: "Sumber resmi belum dikutip",
    });
    expect([back.status, back.body.status]).toEqual([200, "draft"]);
    expect(await row(id)).toMatchObject({ status: "draft", submitted_by: null, published_at: null });
    expect(await checkFinds(id)).toBe(false);
    const reject = (await trail()).find((r) => r.action === "clarification.reject" && r.target_id === id);
    expect(JSON.parse(reject?.summary ?? "{}")).toMatchObject({
      reason: "Sumber resmi belum dikutip",
      submittedBy: "ana@garut.test",
      before: { status: "pending" },
      after: { status: "draft" },
    });
    expect(reject?.actor_label).toBe("admin@garut.test");
    expect((await api(p.analyst, "POST", `/api/v1/clarifications/${id}/publish`)).status).toBe(202);
  });

  it("lets publishers and admins publish directly, and analysts of a clinic without the rule", async () => {
    for (const who of [p.publisher, p.admin]) {
      const id = await draft(who, `Langsung oleh ${who.user.email}`);
      const r = await api(who, "POST", `/api/v1/clarifications/${id}/publish`);
      expect([r.status, r.body.status]).toEqual([200, "published"]);
      expect((await row(id)).published_by).toBe(who.user.id);
    }
    const id = await draft(p.relaxedAnalyst, "Tanpa persetujuan");
    const r = await api(p.relaxedAnalyst, "POST", `/api/v1/clarifications/${id}/publish`);
    expect([r.status, r.body.status]).toEqual([200, "published"]);
    expect(await h.queues["match-clarification"].getJob(`published-${id}`)).toBeDefined();
    // Submitted while the clinic still required approval, then the rule was lifted: the analyst publishes it.
    const waiting = await draft(p.relaxedAnalyst, "Diajukan sebelum aturan dicabut");
    await forClinic(h.db.db, relaxed.id).moveClarification(waiting, {
      from: ["draft"],
      to: "pending",
      userId: p.relaxedAnalyst.user.id,
    });
    const lifted = await api(p.relaxedAnalyst, "POST", `/api/v1/clarifications/${waiting}/publish`);
    expect([lifted.status, lifted.body.status]).toEqual([200, "published"]);
    const last = (await listAudit(h.db.db, { clinics: [relaxed.id], limit: 1 }))[0];
    expect([last?.action, last?.target_id]).toEqual(["clarification.publish", waiting]);
  });

  it("offers the same in the UI: waiting notice for the analyst, approve and send-back forms for the publisher", async () => {
    const form = (who: Person, path: string, fields: Record<string, string> = {}) =>
      h.app.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: who.cookie },
        body: new URLSearchParams({ _csrf: who.csrf, ...fields }),
        redirect: "manual",
      });
    const page = async (who: Person, path: string) => {
      const res = await h.app.request(path, { headers: { cookie: who.cookie } });
      return { status: res.status, html: await res.text(), cookie: res.headers.get("set-cookie") ?? "" };
    };
    const id = await draft(p.analyst, "Lewat UI <b>tebal</b>");
    const before = await page(p.analyst, `/klarifikasi/${id}`);
    expect(before.html).toContain("Ajukan untuk disetujui");
    expect(before.html).toContain("mewajibkan persetujuan penerbit");

    const sent = await form(p.analyst, `/klarifikasi/${id}/terbitkan`);
    expect([sent.status, sent.headers.get("location")]).toEqual([303, `/klarifikasi/${id}`]);
    const waiting = await page(p.analyst, `/klarifikasi/${id}`);
    expect(waiting.html).toContain("Menunggu persetujuan penerbit");
    expect(waiting.html).not.toContain(`/klarifikasi/${id}/setujui`);
    expect((await form(p.analyst, `/klarifikasi/${id}/setujui`)).status).toBe(403);
    expect((await form(p.analyst, `/klarifikasi/${id}/kembalikan`, { alasan: "x" })).status).toBe(403);

    const list = await page(p.publisher, "/klarifikasi");
    expect(list.html).toContain(`data-pending="${id}"`);
    expect(list.html).toContain(`action="/klarifikasi/${id}/setujui"`);
    expect(list.html).toContain("Lewat UI &lt;b&gt;tebal&lt;/b&gt;");
    expect((await page(p.analyst, "/klarifikasi")).html).not.toContain(`data-pending="${id}"`);

    const returned = await form(p.publisher, `/klarifikasi/${id}/kembalikan`, {
      alasan: "Tambah <i>sumber</i>",
      kembali: "daftar",
    });
    expect([returned.status, returned.headers.get("location")]).toEqual([303, "/klarifikasi"]);
    const draftAgain = await page(p.analyst, `/klarifikasi/${id}`);
    expect(draftAgain.html).toContain("Dikembalikan ke draf");
    expect(draftAgain.html).toContain("Tambah &lt;i&gt;sumber&lt;/i&gt;");
    expect(draftAgain.html).toContain("Riwayat");

    expect((await form(p.analyst, `/klarifikasi/${id}/terbitkan`)).status).toBe(303);
    const ok = await form(p.publisher, `/klarifikasi/${id}/setujui`);
    expect([ok.status, ok.headers.get("location")]).toEqual([303, `/klarifikasi/${id}`]);
    expect((await row(id)).status).toBe("published");
    expect((await page(p.analyst, `/klarifikasi/${id}`)).html).toContain(`/k/kab-garut/klarifikasi/${id}`);
    // Another clinic's clarification answers 404 here as everywhere.
    expect((await form(p.other, `/klarifikasi/${id}/setujui`)).status).toBe(404);
    const history = await forClinic(h.db.db, strict.id).listAuditFor({ type: "clarification", id });
    expect(history.map((r) => r.action)).toEqual([
      "clarification.create",
      "clarification.submit",
      "clarification.reject",
      "clarification.submit",
      "clarification.approve",
    ]);
  });
});
