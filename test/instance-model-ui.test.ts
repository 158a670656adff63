import { clinicModels, createUser, getActiveInstanceModel, listAudit, recordInstanceRun } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { postForm, uiSession } from "./ui/support.ts";

/**
 * Issue 12: the instance-wide model on a staff page (`/model/instansi`) for the instance
 * operator alone — history with figures, training state, retrain, rollback after a
 * confirmation — through the service functions the operator API calls, audited the same;
 * and a clinic's `/model` page says when the instance model scores it.
 */
describe.each(DIALECTS)("instance model page (%s)", (dialect) => {
  let h: Harness;
  let home: Awaited<ReturnType<typeof createClinic>>;
  let own: Awaited<ReturnType<typeof createClinic>>;
  let operator: { cookie: string; csrf: string };
  let admin: { cookie: string; csrf: string };
  let analyst: { cookie: string; csrf: string };
  const runs = {} as Record<"v1" | "v2" | "v3", { id: string; version: string }>;
  const run = (version: string, outcome: "promoted" | "refused", auc: number) => ({
    version,
    base_version: "base-1",
    outcome,
    trigger: "schedule" as const,
    verdicts: 600,
    positives: 280,
    held_out: 120,
    metrics: JSON.stringify({ candidate: { auc }, active: { auc: 0.71 } }),
    refusal: outcome === "refused" ? "worse on held-out verdicts" : null,
    trained_through: new Date().toISOString(),
    train_ms: 900,
    artefact: outcome === "promoted" ? "H4sIAAAAAAAAA6uuBQBDv6ajAgAAAA==" : null,
    artefact_bytes: outcome === "promoted" ? 22 : 0,
  });

  beforeAll(async () => {
    h = await createHarness({}, dialect);
    home = await createClinic(h, "ntt");
    own = await createClinic(h, "ntb");
    await createUser(h.db.db, {
      tenantId: home.tenant.id,
      email: "operator@ntt.test",
      name: "Operator",
      password: "kata-sandi-uji",
      role: "viewer",
      operator: true,
    });
    await createUser(h.db.db, {
      tenantId: home.tenant.id,
      email: "analis@ntt.test",
      name: "Analis",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    operator = await uiSession(h, "operator@ntt.test");
    admin = await uiSession(h, "admin@ntt.test");
    analyst = await uiSession(h, "analis@ntt.test");
    runs.v1 = await recordInstanceRun(h.db.db, run("instansi-v1", "promoted", 0.82));
    runs.v2 = await recordInstanceRun(h.db.db, run("instansi-v2", "refused", 0.64));
    runs.v3 = await recordInstanceRun(h.db.db, run("instansi-v3", "promoted", 0.84));
    // NTB has a model of its own: the instance model does not score it.
    await clinicModels(h.db.db, own.tenant.id).recordModelRun(run("ntb-v1", "promoted", 0.8));
  });
  afterAll(async () => h?.close());

  const get = (path: string, cookie: string) => h.app.request(path, { headers: { cookie } });
  const active = async () => (await getActiveInstanceModel(h.db.db))?.version;

  it("shows the operator the history with its figures, and refuses everyone else", async () => {
    const res = await get("/model/instansi", operator.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const r of Object.values(runs)) expect(html).toContain(`data-model-run="${r.id}"`);
    expect(html).toContain("0.820 / 0.710");
    expect(html).toContain(`action="/model/instansi/${runs.v1.id}/aktifkan"`);
    expect(html).not.toContain(`action="/model/instansi/${runs.v2.id}/aktifkan"`); // refused: never scored
    expect(html).toContain('action="/model/instansi/latih"');
    expect(html).toContain('data-active-model="instansi-v3"');
    expect(html).toMatch(/<a href="\/model\/instansi" aria-current="page">Model instansi<\/a>/);
    expect(await (await get("/model/instansi?lang=en", operator.cookie)).text()).toContain("Instance scoring model");

    for (const who of [admin, analyst]) {
      const refused = await get("/model/instansi", who.cookie);
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain("instansi-v1");
      expect(await (await get("/antrean", who.cookie)).text()).not.toContain('href="/model/instansi"');
    }
    const anonymous = await h.app.request("/model/instansi");
    expect([anonymous.status, anonymous.headers.get("location")]).toEqual([303, "/masuk?lanjut=%2Fmodel%2Finstansi"]);
  });

  it("retrains on the operator's request only, with the CSRF token, and audits it", async () => {
    const train = h.queues["train-model"];
    expect((await postForm(h, "/model/instansi/latih", operator.cookie, {})).status).toBe(403);
    expect((await postForm(h, "/model/instansi/latih", admin.cookie, { _csrf: admin.csrf })).status).toBe(403);
    expect(await train.getJobCounts("waiting")).toMatchObject({ waiting: 0 });
    const r = await postForm(h, "/model/instansi/latih", operator.cookie, { _csrf: operator.csrf });
    expect([r.status, r.headers.get("location")]).toEqual([303, "/model/instansi?ok=latih"]);
    const [job] = await train.getJobs(["waiting"]);
    expect(job?.data).toEqual({ tenantId: null, trigger: "request" });
    const html = await (await get("/model/instansi?ok=latih", operator.cookie)).text();
    expect(html).toContain("Pelatihan ulang dimasukkan ke antrean.");
    expect(html).toContain('<p role="status">Pelatihan sedang antre atau berjalan.</p>');
    const audited = await listAudit(h.db.db, { clinics: [home.tenant.id], limit: 50 });
    expect(audited.filter((e) => e.action === "model.instance_retrain")).toHaveLength(1);
  });

  it("rolls back only after a confirmation, re-scores the clinics without a model of their own, and audits it", async () => {
    const rollback = (who: { cookie: string; csrf: string }, id: string, fields: Record<string, string> = {}) =>
      postForm(h, `/model/instansi/${id}/aktifkan`, who.cookie, { _csrf: who.csrf, ...fields });
    const ask = await rollback(operator, runs.v1.id);
    expect(ask.status).toBe(200);
    const confirm = await ask.text();
    expect(confirm).toContain("Aktifkan kembali model ini?");
    expect(confirm).toContain('name="konfirmasi" value="ya"');
    expect(confirm).toContain("<code>instansi-v3</code>"); // what it replaces
    expect(confirm).toContain('data-clinics="1"'); // NTT; NTB has its own
    expect(await active()).toBe("instansi-v3");

    expect((await rollback(admin, runs.v1.id, { konfirmasi: "ya" })).status).toBe(403);
    expect((await rollback(admin, runs.v1.id)).status).toBe(403);
    expect(
      (await postForm(h, `/model/instansi/${runs.v1.id}/aktifkan`, operator.cookie, { konfirmasi: "ya" })).status,
    ).toBe(403);
    expect((await rollback(operator, runs.v2.id, { konfirmasi: "ya" })).status).toBe(409);
    expect((await rollback(operator, runs.v2.id)).status).toBe(409);
    expect((await rollback(operator, "00000000-0000-4000-8000-000000000000", { konfirmasi: "ya" })).status).toBe(404);
    // A clinic's run is no instance run.
    const ntb = await clinicModels(h.db.db, own.tenant.id).getActiveModel();
    expect((await rollback(operator, ntb?.id ?? "", { konfirmasi: "ya" })).status).toBe(404);
    expect(await active()).toBe("instansi-v3");

    const done = await rollback(operator, runs.v1.id, { konfirmasi: "ya" });
    expect([done.status, done.headers.get("location")]).toEqual([303, "/model/instansi?ok=aktif"]);
    expect(await active()).toBe("instansi-v1");
    const rescores = (await h.queues.rescore.getJobs(["waiting"])).map((j) => j.data);
    expect(rescores).toContainEqual({ tenantId: home.tenant.id, version: "instansi-v1" });
    expect(rescores.some((d) => d.tenantId === own.tenant.id)).toBe(false);
    const audited = (await listAudit(h.db.db, { clinics: [home.tenant.id], limit: 50 })).filter(
      (e) => e.action === "model.instance_activate",
    );
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]?.summary ?? "{}")).toEqual({ before: "instansi-v3", after: "instansi-v1" });
    const html = await (await get("/model/instansi?ok=aktif", operator.cookie)).text();
    expect(html).toContain('data-active-model="instansi-v1"');
    expect(html).toContain(`action="/model/instansi/${runs.v3.id}/aktifkan"`);
  });

  it("tells a clinic without a model of its own that the instance model scores it", async () => {
    const mine = await (await get("/model", admin.cookie)).text();
    expect(mine).toContain('id="scored-by-instance"');
    expect(mine).toContain("<code>instansi-v1</code>");
    expect(mine).not.toContain("0.820"); // the instance model's figures are the operator's
    expect((await call(h, "GET", "/api/v1/model", { headers: home.auth })).body).toMatchObject({
      active: null,
      instanceVersion: "instansi-v1",
    });
    const theirs = await uiSession(h, "admin@ntb.test");
    const html = await (await get("/model", theirs.cookie)).text();
    expect(html).toContain('data-active-model="ntb-v1"');
    expect(html).not.toContain("scored-by-instance");
    expect((await call(h, "GET", "/api/v1/model", { headers: own.auth })).body).toMatchObject({
      instanceVersion: null,
    });
  });
});
