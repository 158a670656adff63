import { runMain } from "@klinik/config";
import { startIngest } from "./worker.ts";

/**
 * `--allow-private-url=<url>` (repeatable): an exact feed URL that may be fetched from a
 * private or loopback address although KLINIK_ALLOW_PRIVATE_FEEDS is off. The embedded
 * `pnpm start` passes its own demo feeds this way; nothing else should need it.
 */
const ALLOW = "--allow-private-url=";
const allowPrivateUrls = process.argv.filter((a) => a.startsWith(ALLOW)).map((a) => a.slice(ALLOW.length));

// The ingest worker as its own process: `pnpm --filter @klinik/worker-ingest start`, and in
// the embedded `pnpm start`, where fetching and parsing large feeds must not hold up the API.
await runMain("ingest", ({ config, logger, shutdown }) => startIngest(config, logger, shutdown, { allowPrivateUrls }));
