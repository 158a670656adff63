import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { startClassifier } from "./worker.ts";

// The classifier as its own process: `pnpm --filter @klinik/worker-classifier start`.
const config = loadConfig();
const logger = createLogger("classifier", config.LOG_LEVEL);
const shutdown = new Shutdown(logger);
shutdown.onSignals();
await startClassifier(config, logger, shutdown);
