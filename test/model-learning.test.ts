import { clinicModels, forClinic } from "@klinik/db";
import {
  createTrainModelProcessor,
  enqueueDueTraining,
  enqueueTraining,
  startClassifier,
} from "@klinik/worker-classifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, DIALECTS, type Harness, ingestScored, waitFor } from "./support/harness.ts";

const PLACES = [
  "Lahat",
  "Muara Enim",
  "Prabumulih",
  "Baturaja",
  "Pagar Alam",
  "Empat Lawang",
  "Banyuasin",
  "Ogan Ilir",
];
/** A hoax family the base model has never seen, and ordinary local news beside it. */
const hoax = (i: number) =>
  `Warga ${PLACES[i % PLACES.length]} heboh, galon air Tirta Lematang nomor ${i} disebut mengandung bangkai tikus, pabrik ditutup diam-diam minggu ${i}`;
const news = (i: number) =>
  `Dinas Sosial ${PLACES[i % PLACES.length]} membuka pendaftaran pelatihan menjahit gelombang ${i} bagi warga di kantor kelurahan, gratis`;

/**
 * The learning loop in a running classifier: verdicts stored → training job →
 * registry (promoted, active) → the clinic's open items re-scored with the
 * new model (scores and stored version change) → later items scored with it
 * without a restart; another clinic keeps the base model.
 */
describe.each(DIALECTS)("learning from verdicts on %s", (dialect) => {
  let h: Harness;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  let other: Awaited<ReturnType<typeof createClinic>>;
  let baseVersion: string;
  const db = () => forClinic(h.db.db, clinic.tenant.id);

  const ingest = (tenantId: string, texts: string[], tag: string) => ingestScored(h, tenantId, texts, tag);

  beforeAll(async () => {
    h = await createHarness({ MODEL_CHECK_MS: "100", CLASSIFY_THREADS: "1", MODEL_RETRAIN_VERDICTS: "0" }, dialect);
    clinic = await createClinic(h, "sumsel");
    other = await createClinic(h, "jambi");
    baseVersion = (await startClassifier(h.config, h.logger, h.shutdown, { db: h.db })).scorer.version;
  });
  afterAll(async () => h?.close());

  it("promotes a model trained on the clinic's verdicts, re-scores its open items with it, and scores new ones with it", async () => {
    const judged = await ingest(
      clinic.tenant.id,
      [...Array(20)].flatMap((_, i) => [hoax(i), news(i)]),
      "judged",
    );
    const open = await ingest(
      clinic.tenant.id,
      [...Array(8)].flatMap((_, i) => [hoax(100 + i), news(100 + i)]),
      "open",
    );
    const otherOpen = await ingest(other.tenant.id, [hoax(200), news(200)], "other");
    const before = await Promise.all(open.map(async (id) => (await db().getItem(id))?.score ?? 0));
    for (const [i, id] of judged.entries())
      await db().recordVerdict({
        itemId: id,
        userId: clinic.user.id,
        verdict: i % 2 === 0 ? "false" : "true",
        note: null,
      });

    await enqueueTraining(h.queues, clinic.tenant.id, "request");
    const active = await waitFor(
      async () => clinicModels(h.db.db, clinic.tenant.id).getActiveModel(),
      "an active model",
      60_000,
    );
    expect(active).toMatchObject({
      outcome: "promoted",
      trigger: "request",
      verdicts: 40,
      positives: 20,
      base_version: baseVersion,
    });
    expect(active.version).not.toBe(baseVersion);
    expect(active.artefact_bytes).toBeGreaterThan(0);
    expect(JSON.parse(active.metrics).candidate.n).toBe(active.held_out);

    const after = await waitFor(async () => {
      const rows = await Promise.all(open.map((id) => db().getItem(id)));
      return rows.every((r) => r?.model_version === active.version) && rows;
    }, "open items re-scored");
    const mean = (xs: number[], parity: number) => xs.filter((_, i) => i % 2 === parity).reduce((a, b) => a + b, 0) / 8;
    const now = after.map((r) => r?.score ?? 0);
    // The verdicts said: this family is a hoax, this kind of notice is not.
    expect(mean(now, 0)).toBeGreaterThan(mean(before, 0) + 0.1);
    expect(mean(now, 1)).toBeLessThan(mean(before, 1));
    expect(Math.min(...now.filter((_, i) => i % 2 === 0))).toBeGreaterThan(
      Math.max(...now.filter((_, i) => i % 2 === 1)),
    );
    // Judged items keep the score they were judged with.
    expect((await db().getItem(judged[0] ?? ""))?.model_version).toBe(baseVersion);
    // Another clinic's items keep the base model.
    for (const id of otherOpen)
      expect((await forClinic(h.db.db, other.tenant.id).getItem(id))?.model_version).toBe(baseVersion);

    // Hot switch: the running classifier scores the clinic's new items with its model, the other clinic's with the base.
    const [fresh] = await ingest(clinic.tenant.id, [hoax(300)], "fresh");
    expect((await db().getItem(fresh ?? ""))?.model_version).toBe(active.version);
    const [otherFresh] = await ingest(other.tenant.id, [hoax(301)], "other-fresh");
    expect((await forClinic(h.db.db, other.tenant.id).getItem(otherFresh ?? ""))?.model_version).toBe(baseVersion);
  }, 120_000);

  it("records a refused run without changing the active model", async () => {
    const active = await clinicModels(h.db.db, clinic.tenant.id).getActiveModel();
    const train = createTrainModelProcessor({
      db: h.db.db,
      queues: h.queues,
      baseVersion,
      modelPath: undefined,
      // A candidate worse than the active model on the held-out verdicts.
      train: async () => ({
        baseVersion,
        version: "lr-20261130-candidate0",
        promote: false,
        refusal: "AUC 0.500 on 8 recent verdicts, below the active model's 0.900",
        candidate: { n: 8, positives: 4, auc: 0.5, precisionAt10: 0, logLoss: 0.7 },
        active: { n: 8, positives: 4, auc: 0.9, precisionAt10: 1, logLoss: 0.3 },
        verdicts: 40,
        positives: 20,
        heldOut: 8,
        artefact: null,
        ms: 5,
      }),
    });
    expect(await train({ tenantId: clinic.tenant.id, trigger: "threshold" })).toMatchObject({ outcome: "refused" });
    const runs = await clinicModels(h.db.db, clinic.tenant.id).listModelRuns();
    expect(runs[0]).toMatchObject({
      outcome: "refused",
      active: 0,
      version: "lr-20261130-candidate0",
      artefact_bytes: 0,
    });
    expect(runs[0]?.refusal).toContain("below the active model");
    expect((await clinicModels(h.db.db, clinic.tenant.id).getActiveModel())?.id).toBe(active?.id);
  });

  it("the training tick enqueues a clinic with enough new verdicts, or with any once its last run is old", async () => {
    const tick = (retrainVerdicts: number, retrainEveryMs: number) =>
      enqueueDueTraining({ db: h.db.db, queues: h.queues, retrainVerdicts, retrainEveryMs });
    // Every verdict so far was seen by the last run.
    expect(await tick(1, 1)).toBe(0);
    const [item] = await ingest(clinic.tenant.id, [hoax(400)], "tick");
    await db().recordVerdict({ itemId: item ?? "", userId: clinic.user.id, verdict: "false", note: null });
    expect(await tick(2, 3_600_000)).toBe(0);
    await h.queues["train-model"].obliterate({ force: true });
    expect(await tick(1, 3_600_000)).toBe(1);
    const [job] = await h.queues["train-model"].getJobs(["waiting", "active", "completed"]);
    expect(job?.data).toEqual({ tenantId: clinic.tenant.id, trigger: "threshold" });
    await h.queues["train-model"].obliterate({ force: true });
    expect(await tick(0, 0)).toBe(0);
    expect(await tick(0, 1)).toBe(1);
    expect((await h.queues["train-model"].getJobs(["waiting", "active", "completed"]))[0]?.data.trigger).toBe(
      "schedule",
    );
  });

  it("skips a clinic with too few verdicts", async () => {
    const train = createTrainModelProcessor({
      db: h.db.db,
      queues: h.queues,
      baseVersion,
      modelPath: undefined,
      train: async () => {
        throw new Error("must not train");
      },
    });
    expect(await train({ tenantId: other.tenant.id, trigger: "request" })).toEqual({ outcome: "skipped", verdicts: 0 });
    expect(await clinicModels(h.db.db, other.tenant.id).listModelRuns()).toEqual([]);
  });
});
