import { runMain } from "@klinik/config";
import { migrateToLatest, openDb } from "@klinik/db";
import { startApi } from "./server.ts";

// The API as its own process: `pnpm --filter @klinik/api start`.
await runMain("api", async ({ config, logger, shutdown }) => {
  const db = openDb(config.DATABASE_URL);
  shutdown.add("db", () => db.close());
  await migrateToLatest(db.db);
  await startApi(config, logger, shutdown, { db });
});
