import type { FetchOptions } from "@klinik/feeds";
import { fetchSource } from "@klinik/feeds";
import { createIngestProcessor } from "@klinik/worker-ingest";
import type { Harness } from "./harness.ts";

/**
 * The real ingest processor on a harness's database and queues, fetching over
 * the network for real. Private addresses are allowed unless the test says
 * otherwise (fixture servers listen on 127.0.0.1); `now` moves its clock.
 */
export function ingestProcessor(
  h: Pick<Harness, "db" | "queues" | "logger">,
  opts: Partial<FetchOptions> & { now?: () => Date } = {},
) {
  const { now, ...fetchOptions } = opts;
  return createIngestProcessor({
    db: h.db.db,
    queues: h.queues,
    logger: h.logger,
    fetch: fetchSource,
    fetchOptions: { allowPrivate: true, ...fetchOptions },
    now,
  });
}
