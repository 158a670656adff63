import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { startIngest } from "./worker.ts";

// The ingest worker as its own process: `pnpm --filter @klinik/worker-ingest start`.
const config = loadConfig();
const logger = createLogger("ingest", config.LOG_LEVEL);
const shutdown = new Shutdown(logger);
shutdown.onSignals();
await startIngest(config, logger, shutdown);
