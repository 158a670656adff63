import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** Environment of every Klinik Hoaks process. Nothing else reads `process.env`. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .default("sqlite:./data/klinik.sqlite")
    .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), {
      message: "must start with sqlite: (e.g. sqlite:./data/klinik.sqlite) or postgres://",
    }),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ key, so several instances (or test runs) can share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default("klinik"),
  KLINIK_ADMIN_EMAIL: z.string().email().optional(),
  KLINIK_ADMIN_PASSWORD: z.string().min(8).optional(),
  KLINIK_ALLOW_PRIVATE_FEEDS: bool,
  /**
   * Exact http(s) URLs a partner webhook may use besides public https ones (a test's loopback
   * receiver), comma-separated; they are exempt from the private-address check.
   */
  WEBHOOK_ALLOW_URLS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean),
    ),
  /** Longest a partner's receiver may take to answer one webhook delivery, in milliseconds. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Webhook deliveries one ingest process posts at once (a slow receiver holds one slot). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** A subscription whose deliveries failed this many times in a row is turned off. */
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1_000).default(5),
  KLINIK_MODEL_PATH: z.string().optional(),
  /** Labelled corpora for `pnpm train`/`pnpm eval`; unset, the scripts use ../shared/data next to the repository. */
  KLINIK_DATA_DIR: z.string().min(1).optional(),
  /** Worker concurrency of the classifier. */
  CLASSIFY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
  /**
   * How long a worker's job lock lasts; a job whose worker died is retried after
   * about this long (BullMQ's stalled-job check runs at the same interval).
   */
  /** Scoring threads per classifier process (0 = score on the main thread). */
  CLASSIFY_THREADS: z.coerce.number().int().min(0).max(16).default(1),
  /**
   * Megabytes of claim indexes one classifier process keeps; beyond it the clinics it used
   * least recently are dropped and rebuilt from the database when next needed (README: sizing).
   */
  CLAIM_INDEX_MB: z.coerce.number().int().min(8).max(65_536).default(256),
  /** Items pending longer than this are presumed lost by the queue and re-enqueued by the sweeper. */
  SWEEP_AFTER_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
  /** How often the sweeper runs (one process per period, whatever their number). */
  SWEEP_EVERY_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  /** New verdicts of a clinic since its last training run that start another (0 = never by count). */
  MODEL_RETRAIN_VERDICTS: z.coerce.number().int().min(0).max(1_000_000).default(20),
  /** A clinic with any new verdict is retrained at least this often (0 = never by schedule). */
  MODEL_RETRAIN_EVERY_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
  /** How often the classifier checks which model each clinic has active (ms): the hot switch's delay. */
  MODEL_CHECK_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  /** Clinic models a classifier process keeps loaded (least recently used evicted; ~3 MB each). */
  MODEL_CACHE_SIZE: z.coerce.number().int().min(1).max(10_000).default(64),
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Seconds an API process keeps a public clarification page it rendered. A change reaches
   * every API process at once through Redis pub/sub; this bounds a message lost meanwhile.
   */
  PUBLIC_PAGE_TTL_SEC: z.coerce.number().int().min(0).max(3_600).default(10),
  /** Public reports and checks per client address per minute (0 = unlimited). */
  PUBLIC_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(0).max(1_000_000).default(60),
  /**
   * Reverse proxies in front of the API that append to X-Forwarded-For: `false`/`0` (none, the
   * socket's address counts), `true` (one), or their number. The client address is the entry that
   * many hops from the right: entries further left are whatever the client chose to send.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? "").trim().toLowerCase();
      if (s === "" || s === "false") return 0;
      if (s === "true") return 1;
      if (/^\d{1,2}$/.test(s)) return Number(s);
      ctx.addIssue({ code: "custom", message: "must be true, false or a number of proxy hops" });
      return z.NEVER;
    }),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** A session unused this long ends, whatever its lifetime. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /** Where emailed links point (invitations, resets): the instance's public base URL. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** smtp(s)://user:pass@host:port — invitations and resets are also emailed when set. */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().default("Klinik Hoaks <no-reply@klinik-hoaks.local>"),
  /**
   * Postgres connections each process may open (its pool). Sizing rule: the sum over every
   * process (API, ingest, classifier, `pnpm start` counts as two) must stay below the server's
   * max_connections minus what administrators and migrations need (`pnpm doctor` checks it).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Bearer token a Prometheus scraper sends to GET /metrics (the operator's own session works too).
   * Unset, only the operator reads metrics. At least 32 characters.
   */
  METRICS_TOKEN: z.string().min(32).max(200).optional(),
  /** Telegram's Bot API (a clinic's bot sends notifications); a relay or test fake may stand in. */
  TELEGRAM_API_URL: z.string().url().default("https://api.telegram.org"),
  /** Minutes between email digests of new claims (clinics that send them); 0 turns digests off. */
  NOTIFY_DIGEST_EVERY_MIN: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(24 * 60),
  /** Browser notification streams one person may hold open at once, over every API process. */
  NOTIFY_STREAMS_PER_USER: z.coerce.number().int().min(1).max(50).default(5),
  /** Seconds between heartbeats on a notification stream (proxies drop silent connections). */
  NOTIFY_HEARTBEAT_SEC: z.coerce.number().int().min(1).max(300).default(25),
  /** Level of the access log's one line per request (`silent` turns it off; LOG_LEVEL still filters). */
  ACCESS_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; throws a ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
