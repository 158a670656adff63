/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isVerdict } from "@klinik/core";
import {
  applyBulk,
  type BulkAction,
  countNewClusters,
  listReviewQueue,
  listSources,
  listTenantUsers,
  nowIso,
  releaseExpiredClaims,
} from "@klinik/db";
import { Hono } from "hono";
import { pageCtx, setFlash, takeFlash } from "../page-ctx.ts";
import { QueuePage } from "../pages/queue.page.tsx";
import { encodeQueueCursor, PAGE_SIZE, parseQueueParams, safeBack, toFilter } from "../queue-params.ts";
import { requireUiSession } from "../session.ts";
import { field, fields, type UiEnv } from "../ui-context.ts";

/** How long an assignment from the bulk bar holds a claim for the assignee. */
const ASSIGN_HOURS = 8;

function parseAction(v: string, note: string | null): BulkAction | undefined {
  if (v === "dismiss") return { kind: "dismiss" };
  const [kind, arg] = v.split(":");
  if (kind === "verdict" && isVerdict(arg)) return { kind: "verdict", verdict: arg, note };
  if (kind === "assign" && arg && /^[A-Za-z0-9-]{1,64}$/.test(arg)) {
    return { kind: "assign", assigneeId: arg, until: new Date(Date.now() + ASSIGN_HOURS * 3600_000).toISOString() };
  }
  return undefined;
}

export const queueUi = new Hono<UiEnv>()
  .get("/antrean", requireUiSession, async (c) => {
    const { db } = c.var.deps;
    const { tenant } = c.var.principal;
    const now = nowIso();
    await releaseExpiredClaims(db, tenant.id, now);
    const params = parseQueueParams(c.req.query());
    const [rows, sources, users] = await Promise.all([
      listReviewQueue(db, tenant.id, toFilter(params, tenant.timezone)),
      listSources(db, tenant.id),
      listTenantUsers(db, tenant.id),
    ]);
    const last = rows.at(-1);
    const url = new URL(c.req.url);
    return c.html(
      <QueuePage
        ctx={pageCtx(c)}
        tz={tenant.timezone}
        rows={rows}
        params={params}
        sources={sources.map((s) => ({ id: s.id, name: s.name }))}
        users={users}
        nextCursor={rows.length === PAGE_SIZE && last ? encodeQueueCursor(last.max_score, last.id) : undefined}
        since={now}
        flash={takeFlash(c)}
        now={now}
        here={safeBack(url.pathname + url.search)}
      />,
    );
  })
  // Polled by app.js every ~15 s: how many claims arrived since the page was rendered.
  .get("/antrean/baru", requireUiSession, async (c) => {
    const since = c.req.query("sejak") ?? "";
    if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(since))
      return c.json({ error: { code: "invalid_request", message: "sejak: ISO time required" } }, 400);
    const count = await countNewClusters(c.var.deps.db, c.var.principal.tenant.id, since);
    c.header("Cache-Control", "no-store");
    return c.json({ count });
  })
  .post("/antrean/massal", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const { tenant, user } = c.var.principal;
    const note = field(form, "catatan").trim().slice(0, 5000) || null;
    const action = parseAction(field(form, "aksi"), note);
    const back = safeBack(field(form, "kembali"));
    const ids = fields(form, "ids").filter((id) => /^[A-Za-z0-9-]{1,64}$/.test(id));
    if (!action || ids.length === 0) {
      setFlash(c, t("invalidInput"));
      return c.redirect(back, 303);
    }
    const r = await applyBulk(c.var.deps.db, tenant.id, user.id, ids, action);
    setFlash(c, `${t("applied")} ${r.applied}${r.skipped > 0 ? `; ${r.skipped} ${t("skippedHeld")}` : ""}.`);
    return c.redirect(back, 303);
  });
