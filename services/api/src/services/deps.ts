import type { ClarificationMatcher } from "@klinik/claims";
import type { Config, Logger } from "@klinik/config";
import type { Db, DbDialect } from "@klinik/db";
import type { ClassifyBatcher, Queues } from "@klinik/queue";
import type { ClarificationSearch } from "@klinik/search";
import type { Redis } from "ioredis";
import type { LoginThrottle } from "../credentials.ts";
import type { NotifyHub } from "../notify/notify-hub.ts";
import type { StreamSlots } from "../notify/stream-slots.ts";
import type { PublicPageCache } from "../public-page-cache.ts";
import type { RateLimiter } from "../rate-limit.ts";
import type { ReportWriter } from "../report-writer.ts";
import type { FormStamp } from "../security/form-stamp.ts";
import type { TenantCache } from "../tenant-cache.ts";

/** What the process hands the app; createApp builds the rest of ServiceDeps from it. */
export interface AppDeps {
  db: Db;
  dialect: DbDialect;
  redis: Redis;
  queues: Queues;
  classifyBatcher: ClassifyBatcher;
  config: Pick<
    Config,
    | "SESSION_TTL_HOURS"
    | "SESSION_IDLE_MINUTES"
    | "PUBLIC_RATE_LIMIT_PER_MIN"
    | "TRUST_PROXY"
    | "QUEUE_PREFIX"
    | "PUBLIC_BASE_URL"
    | "SMTP_URL"
    | "SMTP_FROM"
  > &
    // Operator tooling; optional so an app built without them keeps the defaults (no scraper token, info).
    Partial<
      Pick<
        Config,
        | "METRICS_TOKEN"
        | "ACCESS_LOG_LEVEL"
        | "NOTIFY_STREAMS_PER_USER"
        | "NOTIFY_HEARTBEAT_SEC"
        | "WEBHOOK_ALLOW_URLS"
        | "PUBLIC_PAGE_TTL_SEC"
      >
    >;
  logger: Logger;
  /** Cross-clinic index of published clarifications; created by createApp if absent. */
  clarifications?: ClarificationMatcher;
  /** Full-text search over clarifications; created by createApp if absent. */
  search?: ClarificationSearch;
  /** Directory of bundled demo feeds served at /demo/feeds/*, if any. */
  demoFeedsDir?: string;
  /** The process's one subscription to notification events; created by createApp if absent (the caller closes its own). */
  notifyHub?: NotifyHub;
  /** Rendered public pages and their change messages; created by createApp if absent (the caller closes its own). */
  publicPages?: PublicPageCache;
}

/** Everything a use case may touch. */
export interface ServiceDeps extends AppDeps {
  clarifications: ClarificationMatcher;
  search: ClarificationSearch;
  reportWriter: ReportWriter;
  tenants: TenantCache;
  loginThrottle: LoginThrottle;
  reportLimiter: RateLimiter;
  /** Rendered public clarification pages; a use case that changes one invalidates it. */
  publicPages: PublicPageCache;
  /** Public statistics counted afresh (not served from memory), per client address. */
  statsLimiter: RateLimiter;
  /** Signed timestamps of the public report form (spam resistance without a third party). */
  formStamp: FormStamp;
  notifyHub: NotifyHub;
  streamSlots: StreamSlots;
}
