import { clinicModels, createSession, createUser, forClinic, getActiveInstanceModel } from "@klinik/db";
import { enqueueDueInstanceTraining, enqueueTraining, startClassifier } from "@klinik/worker-classifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness, ingestScored, waitFor } from "./support/harness.ts";

const PLACES = ["Lahat", "Muara Enim", "Prabumulih", "Baturaja", "Pagar Alam", "Empat Lawang"];
/** A hoax family the base model has never seen, and ordinary local news beside it. */
const hoax = (i: number) =>
  `Warga ${PLACES[i % PLACES.length]} heboh, galon air Tirta Lematang nomor ${i} disebut mengandung bangkai tikus, pabrik ditutup diam-diam minggu ${i}`;
const news = (i: number) =>
  `Dinas Sosial ${PLACES[i % PLACES.length]} membuka pendaftaran pelatihan menjahit gelombang ${i} bagi warga di kantor kelurahan, gratis`;

/**
 * The instance-wide model: verdicts of two clinics → an operator's request →
 * a run over all clinics' verdicts, promoted → a third clinic without verdicts
 * has its open items re-scored with it; a clinic with a model of its own keeps
 * it. Only the operator reads or trains it, and nobody reads verdicts through it.
 */
describe.each(DIALECTS)("the instance-wide model on %s", (dialect) => {
  let h: Harness;
  let own: Awaited<ReturnType<typeof createClinic>>;
  let judging: Awaited<ReturnType<typeof createClinic>>;
  let fresh: Awaited<ReturnType<typeof createClinic>>;
  let operator: { authorization: string };
  let baseVersion: string;

  const ingest = (tenantId: string, texts: string[], tag: string) => ingestScored(h, tenantId, texts, tag);

  async function judge(clinic: typeof own, from: number, n: number, tag: string) {
    const ids = await ingest(
      clinic.tenant.id,
      [...Array(n)].flatMap((_, i) => [hoax(from + i), news(from + i)]),
      tag,
    );
    for (const [i, id] of ids.entries())
      await forClinic(h.db.db, clinic.tenant.id).recordVerdict({
        itemId: id,
        userId: clinic.user.id,
        verdict: i % 2 === 0 ? "false" : "true",
        note: null,
      });
  }

  beforeAll(async () => {
    h = await createHarness({ MODEL_CHECK_MS: "100", CLASSIFY_THREADS: "1", MODEL_RETRAIN_VERDICTS: "0" }, dialect);
    own = await createClinic(h, "sumsel");
    judging = await createClinic(h, "jambi");
    fresh = await createClinic(h, "bengkulu");
    const u = await createUser(h.db.db, {
      tenantId: own.tenant.id,
      email: "operator@sumsel.test",
      name: "Operator",
      password: "kata-sandi-uji",
      role: "viewer",
      operator: true,
    });
    operator = { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` };
    baseVersion = (await startClassifier(h.config, h.logger, h.shutdown, { db: h.db })).scorer.version;
  });
  afterAll(async () => h?.close());

  it("trains on every clinic's verdicts, scores a clinic without verdicts with it, and leaves a clinic's own model alone", async () => {
    // One clinic trains a model of its own first.
    await judge(own, 0, 12, "own");
    await enqueueTraining(h.queues, own.tenant.id, "request");
    const ownModel = await waitFor(
      async () => clinicModels(h.db.db, own.tenant.id).getActiveModel(),
      "the clinic's own model",
      60_000,
    );
    await judge(judging, 50, 12, "judging");
    const ownOpen = await ingest(own.tenant.id, [hoax(400), news(400)], "own-open");
    const open = await ingest(
      fresh.tenant.id,
      [...Array(6)].flatMap((_, i) => [hoax(100 + i), news(100 + i)]),
      "fresh-open",
    );
    const before = await Promise.all(
      open.map(async (id) => (await forClinic(h.db.db, fresh.tenant.id).getItem(id))?.score ?? 0),
    );
    expect(
      (await Promise.all(open.map((id) => forClinic(h.db.db, fresh.tenant.id).getItem(id)))).every(
        (r) => r?.model_version === baseVersion,
      ),
    ).toBe(true);

    // Only the operator: anonymous 401, a clinic admin 403.
    expect((await call(h, "POST", "/api/v1/model/instance/retrain")).status).toBe(401);
    expect((await call(h, "POST", "/api/v1/model/instance/retrain", { headers: own.auth })).status).toBe(403);
    expect((await call(h, "GET", "/api/v1/model/instance", { headers: fresh.auth })).status).toBe(403);
    expect((await call(h, "POST", "/api/v1/model/instance/retrain", { headers: operator })).status).toBe(202);

    const active = await waitFor(async () => getActiveInstanceModel(h.db.db), "an active instance model", 60_000);
    expect(active).toMatchObject({
      tenant_id: null,
      outcome: "promoted",
      trigger: "request",
      verdicts: 48,
      positives: 24,
    });
    expect(active.version).not.toBe(baseVersion);
    expect(active.version).not.toBe(ownModel.version);

    // The clinic without verdicts: its open items re-scored with the instance model, hoaxes now above the news.
    const after = await waitFor(async () => {
      const rows = await Promise.all(open.map((id) => forClinic(h.db.db, fresh.tenant.id).getItem(id)));
      return rows.every((r) => r?.model_version === active.version) && rows;
    }, "the fresh clinic's open items re-scored");
    const now = after.map((r) => r?.score ?? 0);
    const mean = (xs: number[], parity: number) => xs.filter((_, i) => i % 2 === parity).reduce((a, b) => a + b, 0) / 6;
    expect(mean(now, 0)).toBeGreaterThan(mean(before, 0));
    expect(Math.min(...now.filter((_, i) => i % 2 === 0))).toBeGreaterThan(
      Math.max(...now.filter((_, i) => i % 2 === 1)),
    );
    // Its new items too (hot switch, no restart).
    const [later] = await ingest(fresh.tenant.id, [hoax(500)], "fresh-later");
    expect((await forClinic(h.db.db, fresh.tenant.id).getItem(later ?? ""))?.model_version).toBe(active.version);
    // The clinic with its own model keeps it.
    expect((await clinicModels(h.db.db, own.tenant.id).getActiveModel())?.id).toBe(ownModel.id);
    for (const id of ownOpen)
      expect((await forClinic(h.db.db, own.tenant.id).getItem(id))?.model_version).toBe(ownModel.version);
    const [ownLater] = await ingest(own.tenant.id, [hoax(501)], "own-later");
    expect((await forClinic(h.db.db, own.tenant.id).getItem(ownLater ?? ""))?.model_version).toBe(ownModel.version);

    // The operator reads it; the request was audited in the operator's clinic.
    const status = await call(h, "GET", "/api/v1/model/instance", { headers: operator });
    expect(status.status).toBe(200);
    expect(status.body.active).toMatchObject({ id: active.id, version: active.version, verdicts: 48 });
    const runs = await call(h, "GET", "/api/v1/model/instance/runs", { headers: operator });
    expect(runs.body.data.map((r: { id: string }) => r.id)).toEqual([active.id]);
    const audited = await h.db.db
      .selectFrom("audit_log")
      .select(["tenant_id", "action"])
      .where("action", "=", "model.instance_retrain")
      .execute();
    expect(audited).toEqual([{ tenant_id: own.tenant.id, action: "model.instance_retrain" }]);

    // No clinic reads another's verdicts or models: the fresh clinic's own model reads stay empty,
    // and no answer carries another clinic's texts.
    const freshStatus = await call(h, "GET", "/api/v1/model", { headers: fresh.auth });
    expect(freshStatus.body.active).toBeNull();
    const freshRuns = await call(h, "GET", "/api/v1/model/runs", { headers: fresh.auth });
    expect(freshRuns.body.data).toEqual([]);
    const rollback = await call(h, "POST", `/api/v1/model/runs/${active.id}/activate`, { headers: fresh.auth });
    expect(rollback.status).toBe(404);
    const answers = JSON.stringify([freshStatus.body, freshRuns.body, status.body, runs.body]);
    expect(answers).not.toContain("Tirta Lematang");
    expect(answers).not.toContain("menjahit");
  }, 240_000);

  it("rolls the instance model back through the operator's activate route and audits it", async () => {
    const first = await getActiveInstanceModel(h.db.db);
    await judge(judging, 200, 4, "judging-more");
    await enqueueTraining(h.queues, null, "request");
    const second = await waitFor(
      async () => {
        const a = await getActiveInstanceModel(h.db.db);
        return a && a.id !== first?.id && a;
      },
      "a second instance model",
      60_000,
    );
    const res = await call(h, "POST", `/api/v1/model/instance/runs/${first?.id}/activate`, { headers: operator });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: first?.id, active: true });
    expect((await getActiveInstanceModel(h.db.db))?.id).toBe(first?.id);
    expect(
      (await call(h, "POST", `/api/v1/model/instance/runs/${second.id}/activate`, { headers: own.auth })).status,
    ).toBe(403);
    const audited = await h.db.db
      .selectFrom("audit_log")
      .select(["summary"])
      .where("action", "=", "model.instance_activate")
      .execute();
    expect(audited).toHaveLength(1);
  }, 240_000);

  it("the training tick enqueues the instance model after enough new verdicts of all clinics, or with any once its last run is old", async () => {
    const tick = (retrainVerdicts: number, retrainEveryMs: number) =>
      enqueueDueInstanceTraining({ db: h.db.db, queues: h.queues, retrainVerdicts, retrainEveryMs });
    await waitFor(async () => !(await h.queues["train-model"].getActiveCount()), "no training run left");
    await h.queues["train-model"].obliterate({ force: true });
    // Every verdict so far was seen by the last instance run.
    expect(await tick(1, 1)).toBe(false);
    // One new verdict in each of two clinics: two instance-wide.
    const [a] = await ingest(own.tenant.id, [hoax(600)], "tick-own");
    await forClinic(h.db.db, own.tenant.id).recordVerdict({
      itemId: a ?? "",
      userId: own.user.id,
      verdict: "false",
      note: null,
    });
    const [b] = await ingest(fresh.tenant.id, [news(601)], "tick-fresh");
    await forClinic(h.db.db, fresh.tenant.id).recordVerdict({
      itemId: b ?? "",
      userId: fresh.user.id,
      verdict: "true",
      note: null,
    });
    expect(await tick(3, 3_600_000)).toBe(false);
    expect(await tick(2, 3_600_000)).toBe(true);
    const [job] = await h.queues["train-model"].getJobs(["waiting", "active", "completed"]);
    expect(job?.data).toEqual({ tenantId: null, trigger: "threshold" });
    await h.queues["train-model"].obliterate({ force: true });
    expect(await tick(0, 0)).toBe(false);
    expect(await tick(0, 1)).toBe(true);
    expect((await h.queues["train-model"].getJobs(["waiting", "active", "completed"]))[0]?.data).toEqual({
      tenantId: null,
      trigger: "schedule",
    });
  });
});
