/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isVerdict } from "@klinik/core";
import { Hono } from "hono";
import { applyBulkAction, type BulkInput } from "../../services/claims.service.ts";
import { queueOffices } from "../../services/clinics.service.ts";
import { countNewClaims, queuePage } from "../../services/review.service.ts";
import { verdictGivenText } from "../action-text.ts";
import { invalidText, uiFailure } from "../failure.ts";
import { pageCtx, setFlash, setUndo, takeFlash, takeUndo } from "../page-ctx.ts";
import { QueuePage } from "../pages/queue.page.tsx";
import { QueueOffices } from "../pages/queue-offices.tsx";
import { encodeQueueCursor, PAGE_SIZE, parseQueueParams, safeBack, toFilter } from "../queue-params.ts";
import { requireUiSession } from "../session.ts";
import { field, fields, type UiEnv } from "../ui-context.ts";

function parseAction(v: string, note: string | null): BulkInput | undefined {
  if (v === "dismiss") return { kind: "dismiss" };
  const [kind, arg] = v.split(":");
  if (kind === "verdict" && isVerdict(arg)) return { kind: "verdict", verdict: arg, note };
  if (kind === "assign" && arg && /^[A-Za-z0-9-]{1,64}$/.test(arg)) return { kind: "assign", assigneeId: arg };
  return undefined;
}

export const queueUi = new Hono<UiEnv>()
  .get("/antrean", requireUiSession, async (c) => {
    const { tenant } = c.var.principal;
    const params = parseQueueParams(c.req.query());
    const r = await queuePage(
      c.var.deps,
      c.var.principal,
      toFilter(params, tenant.timezone, c.var.principal.user.id),
      params.klinik || undefined,
    );
    if (!r.ok) return uiFailure(c, r.error);
    const offices = await queueOffices(c.var.deps, c.var.principal);
    if (!offices.ok) return uiFailure(c, offices.error);
    const { rows, sources, users, now } = r.value;
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
        undo={takeUndo(c)}
        now={now}
        here={safeBack(url.pathname + url.search)}
        readOnly={r.value.readOnly}
        above={
          <QueueOffices
            ctx={pageCtx(c)}
            tz={tenant.timezone}
            ownId={tenant.id}
            reading={r.value.clinic}
            readOnly={r.value.readOnly}
            {...offices.value}
          />
        }
      />,
    );
  })
  // Polled by app.js every ~15 s: how many claims arrived since the page was rendered.
  .get("/antrean/baru", requireUiSession, async (c) => {
    const since = c.req.query("sejak") ?? "";
    if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(since)) {
      return uiFailure(c, { code: "invalid_request", message: "sejak: ISO time required" });
    }
    const r = await countNewClaims(c.var.deps, c.var.principal, since);
    if (!r.ok) return uiFailure(c, r.error);
    c.header("Cache-Control", "no-store");
    return c.json({ count: r.value });
  })
  .post("/antrean/massal", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const note = field(form, "catatan").trim().slice(0, 5000) || null;
    const action = parseAction(field(form, "aksi"), note);
    const back = safeBack(field(form, "kembali"));
    const ids = fields(form, "ids").filter((id) => /^[A-Za-z0-9-]{1,64}$/.test(id));
    // The service decides who may act first; only then is a missing choice worth a hint.
    const r = await applyBulkAction(c.var.deps, c.var.principal, { clusterIds: ids, action: action ?? null });
    if (!r.ok) {
      if (r.error.code !== "invalid_request") return uiFailure(c, r.error);
      const hint = ids.length === 0 ? t("selectClaims") : !action ? `${t("chooseAction")}.` : invalidText(t, r.error);
      setFlash(c, hint);
      return c.redirect(back, 303);
    }
    const { applied, skipped, actionId } = r.value;
    // Says what happened: which verdict on how many claims ("Salah/Hoaks diberikan ke 3 klaim"), with an undo.
    const what =
      action?.kind === "verdict"
        ? verdictGivenText(t, c.var.lang, action.verdict, applied)
        : action?.kind === "dismiss"
          ? `${applied} ${t("dismissedFlash")}`
          : `${applied} ${t("assignedN")} ${r.value.assigneeName ?? "?"}`;
    setFlash(c, `${what}${skipped > 0 ? `; ${skipped} ${t("skippedHeld")}` : ""}.`);
    setUndo(c, applied > 0 ? actionId : null);
    return c.redirect(back, 303);
  });
