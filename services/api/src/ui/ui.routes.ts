import { Hono } from "hono";
import { accountUi } from "./routes/account.ui.tsx";
import { auditUi } from "./routes/audit.ui.tsx";
import { authUi } from "./routes/auth.ui.tsx";
import { claimWorkUi } from "./routes/claim-work.ui.tsx";
import { clarificationEditUi } from "./routes/clarification-edit.ui.tsx";
import { clarificationUi } from "./routes/clarifications.ui.tsx";
import { clinicsUi } from "./routes/clinics.ui.tsx";
import { clusterUi } from "./routes/cluster.ui.tsx";
import { escalationsUi } from "./routes/escalations.ui.tsx";
import { feedsUi } from "./routes/feeds.ui.ts";
import { linksUi } from "./routes/links.ui.tsx";
import { modelUi } from "./routes/model.ui.tsx";
import { notifyUi } from "./routes/notify.ui.tsx";
import { peopleUi } from "./routes/people.ui.tsx";
import { publicReportUi } from "./routes/public-report.ui.tsx";
import { publicNotFoundUi, publicSiteUi } from "./routes/public-site.ui.tsx";
import { publicStatsUi } from "./routes/public-stats.ui.tsx";
import { queueUi } from "./routes/queue.ui.tsx";
import { sourcesUi } from "./routes/sources.ui.tsx";
import { statsUi } from "./routes/stats.ui.tsx";
import { tokensUi } from "./routes/tokens.ui.tsx";
import { webhooksUi } from "./routes/webhooks.ui.tsx";
import { uiBase } from "./session.ts";
import { serveAsset } from "./static-assets.ts";
import type { UiEnv } from "./ui-context.ts";

/**
 * The analysts' web UI (server-rendered, Indonesian by default) and its static
 * assets. Mounted last at "/": its middleware runs only for requests no JSON
 * route answered, so a new page needs no list of UI paths.
 */
export const uiRoutes = new Hono<UiEnv>();
// An unknown /api path falls through to here: it keeps the JSON API's headers and 404.
uiRoutes.use("*", (c, next) => (c.req.path.startsWith("/api/") ? next() : uiBase(c, next)));
uiRoutes.get("/static/:name", (c) => serveAsset(c, c.req.param("name")));
uiRoutes.route("/", authUi);
uiRoutes.route("/", queueUi);
uiRoutes.route("/", clusterUi);
uiRoutes.route("/", claimWorkUi);
uiRoutes.route("/", clinicsUi);
uiRoutes.route("/", escalationsUi);
uiRoutes.route("/", clarificationUi);
uiRoutes.route("/", clarificationEditUi);
uiRoutes.route("/", sourcesUi);
uiRoutes.route("/", auditUi);
uiRoutes.route("/", peopleUi);
uiRoutes.route("/", accountUi);
uiRoutes.route("/", tokensUi);
uiRoutes.route("/", modelUi);
uiRoutes.route("/", linksUi);
uiRoutes.route("/", statsUi);
uiRoutes.route("/", feedsUi);
uiRoutes.route("/", notifyUi);
uiRoutes.route("/", webhooksUi);
uiRoutes.route("/", publicSiteUi);
uiRoutes.route("/", publicStatsUi);
uiRoutes.route("/", publicReportUi);
// Keep last: the public 404 of every path outside /api/ no other route answered.
uiRoutes.route("/", publicNotFoundUi);
