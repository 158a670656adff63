import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Queues } from "@klinik/queue";
import { Hono } from "hono";
import type { Env } from "../context.ts";
import { requireOperatorPage } from "../operator-auth.ts";

/** Where the operator's queue dashboard lives. */
export const QUEUE_BOARD_PATH = "/admin/antrean";

/**
 * The BullMQ dashboard (bull-board) for the instance operator, read only: every
 * queue is shown in `readOnlyMode` (no retry, clean, pause, add or remove
 * buttons), and `requireOperatorPage` answers 403 to any method but GET/HEAD
 * before bull-board sees it. Its buttons send bare JSON without the UI's CSRF
 * token, so offering them would let another site act with the operator's cookie.
 */
export function queueBoardRoutes(queues: Queues) {
  const adapter = new HonoAdapter(serveStatic);
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(queues).map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "Klinik Hoaks · antrean" } },
  });
  const app = new Hono<Env>();
  app.use("*", requireOperatorPage);
  app.route("/", adapter.registerPlugin());
  return app;
}
