export { createApp, MAX_BODY_BYTES } from "./app.ts";
export type { AppDeps } from "./context.ts";
export { DEMO_FEEDS_DIR, demoFeeds } from "./demo.ts";
export { startApi } from "./server.ts";
