export { buildApp, createApp, MAX_BODY_BYTES } from "./app.ts";
export { limitBody } from "./body.ts";
export type { AppDeps, Env } from "./context.ts";
export { DEMO_FEEDS_DIR, demoFeeds } from "./demo.ts";
export { NotifyHub } from "./notify/notify-hub.ts";
export { serveHttp, startApi } from "./server.ts";
export { PERMISSIONS, type Permission } from "./services/actor.ts";
