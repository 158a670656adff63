import { runMain } from "@klinik/config";
import { startIngest } from "./worker.ts";

// The ingest worker as its own process: `pnpm --filter @klinik/worker-ingest start`.
await runMain("ingest", ({ config, logger, shutdown }) => startIngest(config, logger, shutdown));
