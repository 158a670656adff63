import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./2026-11-22-0001-initial.ts";
import * as m0002 from "./2026-11-22-0002-clusters.ts";
import * as m0003 from "./2026-11-22-0003-review.ts";
import * as m0004 from "./2026-11-22-0004-write-path.ts";
import * as m0005 from "./2026-11-30-0005-offices-people.ts";
import * as m0006 from "./2026-11-30-0006-audit-target.ts";
import * as m0007 from "./2026-11-30-0007-escalation-verdict.ts";
import * as m0008 from "./2026-11-30-0008-source-drops.ts";
import * as m0009 from "./2026-11-30-0009-search.ts";
import * as m0010 from "./2026-11-30-0010-public-reports.ts";
import * as m0011 from "./2026-11-30-0011-editorial.ts";
import * as m0013 from "./2026-11-30-0013-model-registry.ts";
import * as m0014 from "./2026-11-30-0014-analyst-day.ts";
import * as m0016 from "./2026-11-30-0016-notifications.ts";
import * as m0017 from "./2026-11-30-0017-webhook-attempts.ts";
import * as m0018 from "./2026-11-30-0018-search-version.ts";
import * as m0019 from "./2026-11-30-0019-instance-model.ts";
import * as m0020 from "./2026-11-30-0020-stats-indexes.ts";
import * as m0021 from "./2026-11-30-0021-clarification-items-item.ts";

/** Static provider: migrations are bundled in code, listed in order. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      "2026-11-22-0001-initial": m0001,
      "2026-11-22-0002-clusters": m0002,
      "2026-11-22-0003-review": m0003,
      "2026-11-22-0004-write-path": m0004,
      "2026-11-30-0005-offices-people": m0005,
      "2026-11-30-0006-audit-target": m0006,
      "2026-11-30-0007-escalation-verdict": m0007,
      "2026-11-30-0008-source-drops": m0008,
      "2026-11-30-0009-search": m0009,
      "2026-11-30-0010-public-reports": m0010,
      "2026-11-30-0011-editorial": m0011,
      "2026-11-30-0013-model-registry": m0013,
      "2026-11-30-0014-analyst-day": m0014,
      "2026-11-30-0016-notifications": m0016,
      "2026-11-30-0017-webhook-attempts": m0017,
      "2026-11-30-0018-search-version": m0018,
      "2026-11-30-0019-instance-model": m0019,
      "2026-11-30-0020-stats-indexes": m0020,
      "2026-11-30-0021-clarification-items-item": m0021,
    };
  },
};
