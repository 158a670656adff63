import { Hono } from "hono";
import { authUi } from "./routes/auth.ui.tsx";
import { clarificationUi } from "./routes/clarifications.ui.tsx";
import { clusterUi } from "./routes/cluster.ui.tsx";
import { queueUi } from "./routes/queue.ui.tsx";
import { sourcesUi } from "./routes/sources.ui.tsx";
import { uiBase } from "./session.ts";
import { serveAsset } from "./static-assets.ts";
import type { UiEnv } from "./ui-context.ts";

// Mounted at "/", so middleware is scoped to the UI's own paths: /api/v1 never sees it.
const UI_PATHS = [
  "/",
  "/masuk",
  "/keluar",
  "/antrean",
  "/antrean/*",
  "/klaster/*",
  "/klarifikasi",
  "/klarifikasi/*",
  "/sumber",
  "/sumber/*",
  "/k/*",
  "/static/*",
];

/** The analysts' web UI (server-rendered, Indonesian by default) and its static assets. */
export const uiRoutes = new Hono<UiEnv>();
for (const path of UI_PATHS) uiRoutes.use(path, uiBase);
uiRoutes.get("/static/:name", (c) => serveAsset(c, c.req.param("name")));
uiRoutes.route("/", authUi);
uiRoutes.route("/", queueUi);
uiRoutes.route("/", clusterUi);
uiRoutes.route("/", clarificationUi);
uiRoutes.route("/", sourcesUi);
