import { runMain } from "@klinik/config";
import { startClassifier } from "./worker.ts";

// The classifier as its own process: `pnpm --filter @klinik/worker-classifier start`.
await runMain("classifier", ({ config, logger, shutdown }) => startClassifier(config, logger, shutdown));
