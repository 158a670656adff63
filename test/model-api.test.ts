import { clinicModels, createSession, createUser, listAudit } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { postForm, seedClaim, uiSession } from "./ui/support.ts";

/**
 * The clinic's model through the API: which model scores its queue, whether a
 * training run waits, a retrain on request (clinic admins), the history with its
 * figures, and rollback to an earlier promoted model, which re-scores the queue.
 */
describe.each(DIALECTS)("model API (%s)", (dialect) => {
  let h: Harness;
  let palu: Awaited<ReturnType<typeof createClinic>>;
  let other: Awaited<ReturnType<typeof createClinic>>;
  let analyst: Record<string, string>;
  const run = (version: string, outcome: "promoted" | "refused", auc: number) => ({
    version,
    base_version: "base-1",
    outcome,
    trigger: "threshold" as const,
    verdicts: 40,
    positives: 20,
    held_out: 8,
    metrics: JSON.stringify({ candidate: { auc }, active: { auc: 0.7 } }),
    refusal: outcome === "refused" ? "worse on held-out verdicts" : null,
    trained_through: new Date().toISOString(),
    train_ms: 350,
    artefact: outcome === "promoted" ? "H4sIAAAAAAAAA6uuBQBDv6ajAgAAAA==" : null,
    artefact_bytes: outcome === "promoted" ? 22 : 0,
  });

  beforeAll(async () => {
    h = await createHarness({}, dialect);
    palu = await createClinic(h, "palu-model");
    other = await createClinic(h, "poso-model");
    const u = await createUser(h.db.db, {
      tenantId: palu.tenant.id,
      email: "analis@palu-model.test",
      name: "Analis",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    analyst = { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` };
  });
  afterAll(async () => h?.close());

  it("says the base model scores a clinic with no training yet, and nothing is training", async () => {
    const r = await call(h, "GET", "/api/v1/model", { headers: analyst });
    expect(r).toMatchObject({ status: 200, body: { active: null, training: false } });
    expect((await call(h, "GET", "/api/v1/model/runs", { headers: analyst })).body).toEqual({ data: [] });
  });

  it("starts a training run on an admin's request only, once per clinic, and audits it", async () => {
    expect((await call(h, "POST", "/api/v1/model/retrain", { headers: analyst })).status).toBe(403);
    const r = await call(h, "POST", "/api/v1/model/retrain", { headers: palu.auth });
    expect(r).toMatchObject({ status: 202, body: { training: true } });
    await call(h, "POST", "/api/v1/model/retrain", { headers: palu.auth });
    expect(await h.queues["train-model"].getJobCounts("waiting")).toMatchObject({ waiting: 1 });
    const [job] = await h.queues["train-model"].getJobs(["waiting"]);
    expect(job?.data).toEqual({ tenantId: palu.tenant.id, trigger: "request" });
    expect((await call(h, "GET", "/api/v1/model", { headers: analyst })).body.training).toBe(true);
    expect((await call(h, "GET", "/api/v1/model", { headers: other.auth })).body.training).toBe(false);
    const trail = await listAudit(h.db.db, { clinics: [palu.tenant.id], limit: 10 });
    expect(trail.filter((a) => a.action === "model.retrain")).toHaveLength(2);
  });

  it("shows the history and rolls back to an earlier promoted model, re-scoring the queue", async () => {
    const models = clinicModels(h.db.db, palu.tenant.id);
    const first = await models.recordModelRun(run("palu-v1", "promoted", 0.9));
    const refused = await models.recordModelRun(run("palu-v2", "refused", 0.6));
    await models.recordModelRun(run("palu-v3", "promoted", 0.95));
    const status = await call(h, "GET", "/api/v1/model", { headers: analyst });
    expect(status.body.active).toMatchObject({
      version: "palu-v3",
      active: true,
      metrics: { candidate: { auc: 0.95 } },
    });
    const history = await call(h, "GET", "/api/v1/model/runs", { headers: analyst });
    expect(history.body.data.map((r: { version: string }) => r.version)).toEqual(["palu-v3", "palu-v2", "palu-v1"]);
    expect(history.body.data[1]).toMatchObject({ outcome: "refused", refusal: "worse on held-out verdicts" });
    expect(JSON.stringify(history.body)).not.toContain("H4sI");

    expect((await call(h, "POST", `/api/v1/model/runs/${first.id}/activate`, { headers: analyst })).status).toBe(403);
    expect((await call(h, "POST", `/api/v1/model/runs/${first.id}/activate`, { headers: other.auth })).status).toBe(
      404,
    );
    expect((await call(h, "POST", `/api/v1/model/runs/${refused.id}/activate`, { headers: palu.auth })).status).toBe(
      409,
    );
    const back = await call(h, "POST", `/api/v1/model/runs/${first.id}/activate`, { headers: palu.auth });
    expect(back).toMatchObject({ status: 200, body: { version: "palu-v1", active: true } });
    expect((await call(h, "GET", "/api/v1/model", { headers: analyst })).body.active.version).toBe("palu-v1");
    const rescores = await h.queues.rescore.getJobs(["waiting"]);
    expect(rescores.map((j) => j.data)).toEqual([{ tenantId: palu.tenant.id, version: "palu-v1" }]);
    const trail = await listAudit(h.db.db, { clinics: [palu.tenant.id], limit: 10 });
    expect(trail.find((a) => a.action === "model.activate")).toMatchObject({ target_id: first.id });
    expect((await call(h, "GET", "/api/v1/model", { headers: other.auth })).body.active).toBeNull();
  });

  it("the admin's model page shows the history with its figures and rolls back with a form", async () => {
    const models = clinicModels(h.db.db, palu.tenant.id);
    const runs = await models.listModelRuns();
    const v3 = runs.find((r) => r.version === "palu-v3");
    if (!v3) throw new Error("palu-v3 missing");
    const admin = await uiSession(h, "admin@palu-model.test");
    const html = await (await h.app.request("/model", { headers: { cookie: admin.cookie } })).text();
    expect(html).toContain('data-active-model="palu-v1"');
    expect(html).toContain("0.950 / 0.700");
    expect(html).toContain("ditolak: worse on held-out verdicts");
    expect(html).toContain(`action="/model/${v3.id}/aktifkan"`);
    // It asks first (the next test reads the page); confirmed, it rolls back.
    const ask = await postForm(h, `/model/${v3.id}/aktifkan`, admin.cookie, { _csrf: admin.csrf });
    expect(ask.status).toBe(200);
    expect((await models.getActiveModel())?.version).toBe("palu-v1");
    const back = await postForm(h, `/model/${v3.id}/aktifkan`, admin.cookie, { _csrf: admin.csrf, konfirmasi: "ya" });
    expect([back.status, back.headers.get("location")]).toEqual([303, "/model?ok=aktif"]);
    expect((await models.getActiveModel())?.version).toBe("palu-v3");
    // An analyst reads the page but has no buttons, and the form refuses them.
    const reader = await uiSession(h, "analis@palu-model.test");
    const seen = await (await h.app.request("/model", { headers: { cookie: reader.cookie } })).text();
    expect(seen).toContain('data-active-model="palu-v3"');
    expect(seen).not.toContain("/aktifkan");
    expect(seen).not.toContain('action="/model/latih"');
    const refused = await postForm(h, "/model/latih", reader.cookie, { _csrf: reader.csrf });
    expect(refused.status).toBe(403);
  });

  it("asks the admin first: what is active, what replaces it with their figures, how many open items re-score", async () => {
    const models = clinicModels(h.db.db, palu.tenant.id);
    const runs = await models.listModelRuns();
    const idOf = (version: string) => runs.find((r) => r.version === version)?.id ?? "";
    const [v1, v2] = [idOf("palu-v1"), idOf("palu-v2")];
    // Three open items of Palu (one already scored by palu-v1: re-scoring skips it), one of Poso.
    const a = await seedClaim(h, palu.tenant.id, { text: "Pesan berantai bantuan tunai", score: 0.8, members: 2 });
    await seedClaim(h, palu.tenant.id, { text: "Lowongan kerja BUMN tanpa tes", score: 0.7 });
    await seedClaim(h, other.tenant.id, { text: "Vaksin berisi cip", score: 0.9 });
    await models.storeRescored("palu-v1", [{ id: a.itemIds[1] ?? "", result: { score: 0.5, reasons: [] } }]);

    const admin = await uiSession(h, "admin@palu-model.test");
    const reader = await uiSession(h, "analis@palu-model.test");
    const poso = await uiSession(h, "admin@poso-model.test");
    const rollback = (who: { cookie: string; csrf: string }, id: string, fields: Record<string, string> = {}) =>
      postForm(h, `/model/${id}/aktifkan`, who.cookie, { _csrf: who.csrf, ...fields });
    const rescores = () => h.queues.rescore.getJobCounts("waiting");
    const activations = async () =>
      (await listAudit(h.db.db, { clinics: [palu.tenant.id], limit: 50 })).filter((e) => e.action === "model.activate");
    const [queued, audited] = [await rescores(), (await activations()).length];
    const unchanged = async () => {
      expect((await models.getActiveModel())?.version).toBe("palu-v3");
      expect(await rescores()).toEqual(queued);
      expect(await activations()).toHaveLength(audited);
    };

    const ask = await rollback(admin, v1);
    expect(ask.status).toBe(200);
    const page = await ask.text();
    expect(page).toContain("<h1>Aktifkan kembali model ini?</h1>");
    const row = (version: string) => page.match(new RegExp(`<tr data-confirm-model="${version}">.*?</tr>`))?.[0];
    expect(row("palu-v3")).toMatch(/Model aktif sekarang.*<code>palu-v3<\/code>.*0\.950 \/ 0\.700/);
    expect(row("palu-v1")).toMatch(/Yang akan aktif.*<code>palu-v1<\/code>.*0\.900 \/ 0\.700/);
    expect(page).toContain('<dd data-items="2">2</dd>');
    expect(page).toContain("Item terbuka klinik ini yang akan dinilai ulang");
    expect(page).toContain(`action="/model/${v1}/aktifkan"`);
    expect(page).toContain('name="konfirmasi" value="ya"');
    expect(page).toContain(`name="_csrf" value="${admin.csrf}"`);
    const english = await (
      await postForm(h, `/model/${v1}/aktifkan?lang=en`, admin.cookie, { _csrf: admin.csrf })
    ).text();
    expect(english).toContain("Open items of this clinic that will be re-scored with it");
    await unchanged();

    // Refused as the activation is, asked or confirmed: another clinic's run, a refused run, an analyst, no token.
    for (const fields of [{}, { konfirmasi: "ya" }] as Record<string, string>[]) {
      expect((await rollback(poso, v1, fields)).status).toBe(404);
      expect((await rollback(admin, v2, fields)).status).toBe(409);
      expect((await rollback(reader, v1, fields)).status).toBe(403);
      expect((await postForm(h, `/model/${v1}/aktifkan`, admin.cookie, fields)).status).toBe(403);
    }
    await unchanged();

    const done = await rollback(admin, v1, { konfirmasi: "ya" });
    expect([done.status, done.headers.get("location")]).toEqual([303, "/model?ok=aktif"]);
    expect((await models.getActiveModel())?.version).toBe("palu-v1");
    expect((await h.queues.rescore.getJobs(["waiting"])).map((j) => j.data)).toContainEqual({
      tenantId: palu.tenant.id,
      version: "palu-v1",
    });
    const trail = await activations();
    expect(trail).toHaveLength(audited + 1);
    expect(JSON.parse(trail[0]?.summary ?? "{}")).toEqual({ before: "palu-v3", after: "palu-v1" });
    expect(await clinicModels(h.db.db, other.tenant.id).getActiveModel()).toBeUndefined();
  });
});
