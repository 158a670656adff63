import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./2026-11-22-0001-initial.ts";

/** Static provider: migrations are bundled in code, listed in order. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { "2026-11-22-0001-initial": m0001 };
  },
};
