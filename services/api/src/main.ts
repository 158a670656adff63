import { runMain } from "@klinik/config";
import { openProcessDb } from "@klinik/db";
import { startApi } from "./server.ts";

// The API as its own process: `pnpm --filter @klinik/api start`.
await runMain("api", async ({ config, logger, shutdown }) => {
  const db = await openProcessDb(config.DATABASE_URL, shutdown, "api", logger, config.DATABASE_POOL_SIZE);
  await startApi(config, logger, shutdown, { db });
});
