import type { ClarificationMatcher } from "@klinik/claims";
import type { Config, Logger } from "@klinik/config";
import type { Db, DbDialect, SessionPrincipal } from "@klinik/db";
import type { ClassifyBatcher, Queues } from "@klinik/queue";
import type { Redis } from "ioredis";
import type { ReportWriter } from "./report-writer.ts";
import type { TenantCache } from "./tenant-cache.ts";

export interface AppDeps {
  db: Db;
  dialect: DbDialect;
  redis: Redis;
  queues: Queues;
  classifyBatcher: ClassifyBatcher;
  config: Pick<Config, "SESSION_TTL_HOURS">;
  logger: Logger;
  /** Cross-clinic index of published clarifications; created by createApp if absent. */
  clarifications?: ClarificationMatcher;
  /** Directory of bundled demo feeds served at /demo/feeds/*, if any. */
  demoFeedsDir?: string;
}

export type Env = {
  Variables: {
    deps: AppDeps & { clarifications: ClarificationMatcher; reportWriter: ReportWriter; tenants: TenantCache };
    principal: SessionPrincipal;
  };
};
