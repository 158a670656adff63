import type { Config, Logger, Shutdown } from "@klinik/config";
import type { Db } from "@klinik/db";
import { createWorker, type QueueContext, type Queues, upsertSchedule } from "@klinik/queue";
import type { ActiveModels } from "./active-models.ts";
import { createRescoreProcessor } from "./rescore.processor.ts";
import type { ScoreRunner } from "./score-pool.ts";
import { createTrainModelProcessor, enqueueDueInstanceTraining, enqueueDueTraining } from "./train-model.processor.ts";
import { type Train, trainOnThread } from "./train-thread.ts";

/** How often the training tick looks for clinics due for a run. */
export const MODEL_TICK_MS = 60_000;

export interface ModelWorkerDeps {
  config: Pick<
    Config,
    "QUEUE_PREFIX" | "KLINIK_MODEL_PATH" | "MODEL_RETRAIN_VERDICTS" | "MODEL_RETRAIN_EVERY_HOURS" | "WORKER_LOCK_MS"
  >;
  logger: Logger;
  shutdown: Shutdown;
  db: Db;
  queues: Queues;
  connection: QueueContext["connection"];
  runner: ScoreRunner;
  models: ActiveModels;
  /** Where training runs (a thread of its own by default). */
  train?: Train;
  tickEveryMs?: number;
}

/** The learning loop's workers in a classifier process: training runs (clinics' and the instance model's), the training tick, re-scoring. */
export async function startModelWorkers(deps: ModelWorkerDeps) {
  const { config, logger, shutdown, db, queues, connection } = deps;
  const ctx = { connection, prefix: config.QUEUE_PREFIX, logger };
  const trainer = createWorker(
    "train-model",
    createTrainModelProcessor({
      db,
      queues,
      baseVersion: deps.models.baseVersion,
      modelPath: config.KLINIK_MODEL_PATH,
      train: deps.train ?? trainOnThread,
      models: deps.models,
    }),
    // A run takes seconds; its lock must outlast it (the thread keeps this loop free to renew it).
    { ...ctx, concurrency: 1, options: { lockDuration: Math.max(config.WORKER_LOCK_MS, 120_000) } },
  );
  trainer.on("completed", (job, result) =>
    logger.info({ tenantId: job.data.tenantId, ...result }, "model training run"),
  );
  shutdown.add("train-model worker", () => trainer.close());
  const rescorer = createWorker(
    "rescore",
    createRescoreProcessor({ db, queues, runner: deps.runner, models: deps.models }),
    {
      ...ctx,
      concurrency: 2,
    },
  );
  shutdown.add("rescore worker", () => rescorer.close());
  const tick = createWorker(
    "model-tick",
    async () => {
      const due = {
        db,
        queues,
        retrainVerdicts: config.MODEL_RETRAIN_VERDICTS,
        retrainEveryMs: config.MODEL_RETRAIN_EVERY_HOURS * 3_600_000,
      };
      const clinics = await enqueueDueTraining(due);
      return { clinics, instance: await enqueueDueInstanceTraining(due) };
    },
    ctx,
  );
  shutdown.add("model-tick worker", () => tick.close());
  await upsertSchedule(queues, "model-tick", "model-tick", deps.tickEveryMs ?? MODEL_TICK_MS, {});
  return { trainer, rescorer, tick };
}
