import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { migrateToLatest, openDb } from "@klinik/db";
import { startApi } from "./server.ts";

// The API as its own process: `pnpm --filter @klinik/api start`.
const config = loadConfig();
const logger = createLogger("api", config.LOG_LEVEL);
const shutdown = new Shutdown(logger);
shutdown.onSignals();
const db = openDb(config.DATABASE_URL);
shutdown.add("db", () => db.close());
await migrateToLatest(db.db);
await startApi(config, logger, shutdown, { db });
