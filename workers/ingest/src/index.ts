export { dedupKey, entryToItem } from "./entries.ts";
export { createIngestProcessor, PAUSE_AFTER_FAILURES } from "./ingest.processor.ts";
export { syncSchedules } from "./scheduler.ts";
export { startIngest } from "./worker.ts";
