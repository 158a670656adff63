/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isEvidenceKind } from "@klinik/core";
import { Hono } from "hono";
import { assignClaim } from "../../services/assignment.service.ts";
import { addEvidence, removeEvidence } from "../../services/evidence.service.ts";
import { revertClaimVerdict, undoReviewAction } from "../../services/undo.service.ts";
import { undoneText } from "../action-text.ts";
import { invalidText, uiFailure } from "../failure.ts";
import { isId, setFlash } from "../page-ctx.ts";
import { safeBack } from "../queue-params.ts";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

const missing = { code: "not_found", message: "Cluster not found" } as const;

/** An id from a form or path, or one that names nothing (answered as not found after the role check). */
const idOrNone = (v: string | undefined) => (isId(v) ? v : "-");

/** Where a claim form sends the analyst back: the claim page, keeping its way back to the queue. */
function claimBack(id: string, back: string): string {
  return `/klaster/${id}${back !== "/antrean" ? `?kembali=${encodeURIComponent(back)}` : ""}`;
}

// Assignment, undo and revert, and evidence on the web UI: each a thin adapter over one service call.
export const claimWorkUi = new Hono<UiEnv>()
  .post("/klaster/:id/tugaskan", requireUiSession, async (c) => {
    const id = c.req.param("id");
    if (!isId(id)) return uiFailure(c, missing);
    const { form, t } = c.var;
    const who = field(form, "kepada");
    const hours = Number(field(form, "jam") || "8");
    const due = Number.isFinite(hours) && hours > 0 ? new Date(Date.now() + hours * 3600_000).toISOString() : "";
    const assignee = who === "saya" ? "me" : isId(who) ? who : null;
    const r = await assignClaim(c.var.deps, c.var.principal, { clusterId: id, assignee, due: due || "invalid" });
    const back = claimBack(id, safeBack(field(form, "kembali")));
    if (!r.ok) {
      if (r.error.code === "invalid_request") setFlash(c, t("assignFailed"));
      else if (r.error.code === "conflict") setFlash(c, t("assignClosed"));
      else return uiFailure(c, r.error);
      return c.redirect(back, 303);
    }
    setFlash(c, r.value.assigneeId ? `${t("assignedFlash")} ${r.value.assigneeName ?? "?"}.` : t("unassignedFlash"));
    return c.redirect(back, 303);
  })
  .post("/klaster/:id/batalkan", requireUiSession, async (c) => {
    const id = c.req.param("id");
    if (!isId(id)) return uiFailure(c, missing);
    // The service decides who may act before anything is looked up; a malformed id is simply not found.
    const actionId = idOrNone(field(c.var.form, "aksi"));
    const r = await revertClaimVerdict(c.var.deps, c.var.principal, { clusterId: id, actionId });
    if (!r.ok && r.error.code !== "conflict") return uiFailure(c, r.error);
    setFlash(c, r.ok ? c.var.t("reverted") : c.var.t("revertConflict"));
    return c.redirect(claimBack(id, safeBack(field(c.var.form, "kembali"))), 303);
  })
  .post("/antrean/urungkan", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const r = await undoReviewAction(c.var.deps, c.var.principal, idOrNone(field(form, "aksi")));
    if (!r.ok && r.error.code !== "conflict") return uiFailure(c, r.error);
    const text = r.ok
      ? undoneText(t, r.value.reverted.length, r.value.changedSince.length)
      : /^Only/.test(r.error.message)
        ? t("undoNotYours")
        : /already/.test(r.error.message)
          ? t("undoDone")
          : t("undoTooLate");
    if (c.req.header("accept")?.includes("application/json")) {
      return r.ok ? c.json({ message: text, reverted: r.value.reverted }) : c.json({ error: { message: text } }, 409);
    }
    setFlash(c, text);
    // From a claim page the undo goes back to the claim it reopened (the page may show the next one);
    // from the queue, to the queue.
    const claim = field(form, "klaim");
    const reopened = r.ok && r.value.reverted.length === 1 ? r.value.reverted[0] : undefined;
    if (isId(claim)) return c.redirect(`/klaster/${reopened ?? claim}`, 303);
    return c.redirect(safeBack(field(form, "kembali")), 303);
  })
  .post("/klaster/:id/bukti", requireUiSession, async (c) => {
    const id = c.req.param("id");
    if (!isId(id)) return uiFailure(c, missing);
    const { form, t } = c.var;
    const kind = field(form, "jenis");
    const r = await addEvidence(
      c.var.deps,
      c.var.principal,
      { cluster: id },
      { url: field(form, "url").trim(), title: field(form, "judul"), kind: isEvidenceKind(kind) ? kind : "other" },
    );
    if (!r.ok && r.error.code !== "invalid_request" && r.error.code !== "conflict") return uiFailure(c, r.error);
    setFlash(c, r.ok ? t("evidenceAdded") : r.error.code === "conflict" ? t("evidenceFull") : invalidText(t, r.error));
    return c.redirect(claimBack(id, safeBack(field(form, "kembali"))), 303);
  })
  .post("/klaster/:id/bukti/:bukti/hapus", requireUiSession, async (c) => {
    const id = c.req.param("id");
    if (!isId(id)) return uiFailure(c, missing);
    const evidenceId = idOrNone(c.req.param("bukti"));
    const r = await removeEvidence(c.var.deps, c.var.principal, { cluster: id }, evidenceId);
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("evidenceRemoved"));
    return c.redirect(claimBack(id, safeBack(field(c.var.form, "kembali"))), 303);
  });
