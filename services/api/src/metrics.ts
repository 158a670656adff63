import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { routeOf } from "./access-log.ts";
import type { Env } from "./context.ts";
import { type InstanceSnapshot, readInstance } from "./metrics-instance.ts";
import type { AppDeps } from "./services/deps.ts";

/**
 * Prometheus metrics of one API process and of the instance behind it.
 * Requests are counted here; queues are read from Redis and worker counters
 * (items ingested and scored per clinic, feed failures, model version, worker
 * memory) from the hashes every worker adds to (`@klinik/queue` ops-counters)
 * when /metrics is scraped. Process metrics (CPU, memory, event loop, GC) are
 * this API process's; workers report memory through their heartbeat.
 */
export interface AppMetrics {
  observe: import("hono").MiddlewareHandler<Env>;
  /** Counts one answered request (what `observe` does, for a path that answers before it). */
  record(method: string, route: string, status: number, seconds: number): void;
  /** Reads the instance's figures and renders the exposition text. */
  render(): Promise<{ body: string; contentType: string }>;
}

/** Process metrics once per process, whatever the number of apps (tests build many). */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** 5 ms … 10 s: the UI's p95 goal (30 ms) and the public intake's p99 (20 ms) fall between buckets. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(deps: Pick<AppDeps, "db" | "redis" | "queues" | "config">): AppMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: "klinik_http_requests_total",
    help: "HTTP requests answered, by route pattern (never the raw path), method and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "klinik_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by route pattern and method",
    labelNames: ["method", "route"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const g = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const c = (name: string, help: string, labelNames: string[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const queueJobs = g("klinik_queue_jobs", "Jobs in a BullMQ queue, by state", ["queue", "state"]);
  const queueAge = g(
    "klinik_queue_oldest_waiting_seconds",
    "Age of the oldest job waiting in a queue (0 when none waits)",
    ["queue"],
  );
  const ingested = c("klinik_items_ingested_total", "Feed and social items stored, per clinic slug", ["clinic"]);
  const scored = c("klinik_items_scored_total", "Items scored and stored by the classifiers, per clinic slug", [
    "clinic",
  ]);
  const failures = c("klinik_feed_fetch_failures_total", "Failed feed fetches, by reason code", ["reason"]);
  const model = g("klinik_model_version_info", "Live classifier processes per model version", ["version"]);
  const workers = g("klinik_worker_processes", "Worker processes with a fresh heartbeat, by role", ["role"]);
  const workerRss = g("klinik_worker_resident_memory_bytes", "Resident memory of each live worker process", [
    "role",
    "instance",
  ]);
  const workerHeap = g("klinik_worker_heap_used_bytes", "V8 heap in use of each live worker process", [
    "role",
    "instance",
  ]);
  const workerCpu = g("klinik_worker_cpu_seconds", "CPU time (user + system) each live worker process has used", [
    "role",
    "instance",
  ]);
  const workerLoop = g(
    "klinik_worker_eventloop_delay_p99_seconds",
    "99th percentile event loop delay of each live worker process between its heartbeats",
    ["role", "instance"],
  );
  const scrapeSeconds = g("klinik_metrics_scrape_seconds", "Time the last scrape took to read the instance", []);
  const readOk = g(
    "klinik_metrics_instance_read_ok",
    "1 when this scrape read the queues and worker counters (Redis); 0 when it could not: those series are left out",
    [],
  );

  const apply = (s: InstanceSnapshot) => {
    queueJobs.reset();
    queueAge.reset();
    for (const q of s.queues) {
      for (const [state, n] of Object.entries(q.counts)) queueJobs.set({ queue: q.queue, state }, n);
      queueAge.set({ queue: q.queue }, q.oldestWaitingSec);
    }
    const totals = (counter: Counter<string>, label: string, values: Record<string, number>) => {
      counter.reset();
      for (const [k, v] of Object.entries(values)) counter.inc({ [label]: k }, v);
    };
    totals(ingested, "clinic", s.ingested);
    totals(scored, "clinic", s.scored);
    totals(failures, "reason", s.feedFailures);
    model.reset();
    workers.reset();
    workerRss.reset();
    workerHeap.reset();
    workerCpu.reset();
    workerLoop.reset();
    for (const p of s.processes) {
      workers.inc({ role: p.role });
      if (p.model) model.inc({ version: p.model });
      workerRss.set({ role: p.role, instance: p.instance }, p.rssBytes);
      workerHeap.set({ role: p.role, instance: p.instance }, p.heapUsedBytes);
      // Heartbeats of an older release lack these.
      if (p.cpuSeconds !== undefined) workerCpu.set({ role: p.role, instance: p.instance }, p.cpuSeconds);
      if (p.loopDelayP99Seconds !== undefined) {
        workerLoop.set({ role: p.role, instance: p.instance }, p.loopDelayP99Seconds);
      }
    }
  };

  const readers = { slugs: new Map<string, string>(), slugsAt: 0 };
  const record = (method: string, route: string, status: number, seconds: number) => {
    requests.inc({ method, route, status: String(status) });
    latency.observe({ method, route }, seconds);
  };
  return {
    async observe(c, next) {
      const start = performance.now();
      try {
        await next();
      } finally {
        record(c.req.method, routeOf(c), c.res.status, (performance.now() - start) / 1000);
      }
    },
    record,
    async render() {
      const start = performance.now();
      // With Redis down the scrape still answers: this process's figures, and that it could not read the rest.
      const instance = await readInstance(deps, readers).catch(() => undefined);
      apply(instance ?? { queues: [], ingested: {}, scored: {}, feedFailures: {}, processes: [] });
      readOk.set(instance ? 1 : 0);
      scrapeSeconds.set((performance.now() - start) / 1000);
      const body = `${await processMetrics().metrics()}\n${await registry.metrics()}`;
      return { body, contentType: registry.contentType };
    },
  };
}
