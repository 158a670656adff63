import { ConfigError, loadConfig } from "@klinik/config";
import { migrateToLatest, openDb } from "@klinik/db";

try {
  const config = loadConfig();
  const db = openDb(config.DATABASE_URL);
  const applied = await migrateToLatest(db.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  await db.close();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Migration failed: ${(err as Error).message}`);
  process.exit(1);
}
