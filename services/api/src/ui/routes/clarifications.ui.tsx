/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isVerdict } from "@klinik/core";
import type { Context } from "hono";
import { Hono } from "hono";
import { can } from "../../services/actor.ts";
import {
  approveClarification,
  claimMembers,
  clarificationPage,
  createClarification,
  listClarifications,
  publishClarification,
  rejectClarification,
} from "../../services/clarifications.service.ts";
import { uiFailure } from "../failure.ts";
import { truncate } from "../format.ts";
import { byId, clinicView, isId, pageCtx, setFlash, takeFlash } from "../page-ctx.ts";
import {
  ClarificationEditorPage,
  ClarificationListPage,
  ClarificationViewPage,
  type EditorValues,
} from "../pages/clarification.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, fields, type UiEnv } from "../ui-context.ts";

function parseIds(v: string): string[] {
  return [...new Set(v.split(/[\s,]+/).filter(Boolean))].slice(0, 50);
}

/** Members of the linked claims (this clinic's only): the editor's checkboxes. */
async function candidatesOf(c: Context<UiEnv>, clusterIds: string[]) {
  const ids = clusterIds.filter(isId);
  const { members, unknown } = await claimMembers(c.var.deps, c.var.principal, ids);
  const candidates = members.map((m) => ({ id: m.id, label: truncate(m.title?.trim() || m.text, 100) }));
  return { candidates, unknown: [...unknown, ...clusterIds.filter((id) => !isId(id))] };
}

function editor(
  c: Context<UiEnv>,
  values: EditorValues,
  candidates: { id: string; label: string }[],
  preview: boolean,
  error?: string,
) {
  return c.html(
    <ClarificationEditorPage
      {...clinicView(c)}
      values={values}
      candidates={candidates}
      preview={preview}
      error={error}
    />,
    error ? 400 : 200,
  );
}

const missing = { code: "not_found", message: "Clarification not found" } as const;

/** Back to the list the reviewer came from, or to the clarification. */
const afterReview = (c: Context<UiEnv>, id: string) =>
  c.redirect(field(c.var.form, "kembali") === "daftar" ? "/klarifikasi" : `/klarifikasi/${id}`, 303);

export const clarificationUi = new Hono<UiEnv>()
  .get("/klarifikasi", requireUiSession, async (c) => {
    const r = await listClarifications(c.var.deps, c.var.principal, { limit: 100 });
    if (!r.ok) return uiFailure(c, r.error);
    const actor = c.var.principal;
    return c.html(
      <ClarificationListPage
        ctx={pageCtx(c)}
        tz={actor.tenant.timezone}
        rows={r.value}
        mayApprove={can(actor, "clarification.approve")}
        flash={takeFlash(c)}
      />,
    );
  })
  .get("/klarifikasi/baru", requireUiSession, async (c) => {
    const clusterIds = parseIds(c.req.query("klaster") ?? "");
    const { candidates } = await candidatesOf(c, clusterIds);
    const values = {
      title: "",
      body: "",
      verdict: "false" as const,
      clusterIds: clusterIds.join(", "),
      itemIds: candidates.map((x) => x.id),
    };
    return editor(c, values, candidates, false);
  })
  .post("/klarifikasi", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const verdict = field(form, "verdict");
    const clusterIds = parseIds(field(form, "klaster"));
    const values: EditorValues = {
      title: field(form, "judul").trim().slice(0, 300),
      body: field(form, "isi").trim().slice(0, 50_000),
      verdict: isVerdict(verdict) ? verdict : "false",
      clusterIds: clusterIds.join(", "),
      itemIds: fields(form, "item").filter(isId),
    };
    const { candidates, unknown } = await candidatesOf(c, clusterIds);
    if (unknown.length > 0) return editor(c, values, candidates, false, `${t("invalidInput")}: ${unknown.join(", ")}`);
    if (field(form, "aksi") === "pratinjau") return editor(c, values, candidates, true);
    if (!values.title || !values.body || !isVerdict(verdict))
      return editor(c, values, candidates, false, t("invalidInput"));
    const r = await createClarification(c.var.deps, c.var.principal, {
      title: values.title,
      body: values.body,
      verdict: values.verdict,
      itemIds: values.itemIds,
    });
    if (!r.ok && r.error.code !== "invalid_request") return uiFailure(c, r.error);
    if (!r.ok) return editor(c, values, candidates, false, `${t("invalidInput")}: ${r.error.message}`);
    return c.redirect(`/klarifikasi/${r.value.id}`, 303);
  })
  .get("/klarifikasi/:id", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => clarificationPage(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    const v = r.value;
    return c.html(
      <ClarificationViewPage
        {...clinicView(c)}
        c={v.clarification}
        history={v.history}
        may={v.may}
        flash={takeFlash(c)}
      />,
    );
  })
  // In a clinic that requires approval, an analyst's "publish" submits the draft to a publisher.
  .post("/klarifikasi/:id/terbitkan", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => publishClarification(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, r.value.status === "pending" ? c.var.t("pendingNotice") : c.var.t("published"));
    return c.redirect(`/klarifikasi/${r.value.clarification.id}`, 303);
  })
  .post("/klarifikasi/:id/setujui", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => approveClarification(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("published"));
    return afterReview(c, r.value.clarification.id);
  })
  .post("/klarifikasi/:id/kembalikan", requireUiSession, async (c) => {
    const reason = field(c.var.form, "alasan").trim().slice(0, 2_000);
    const r = await byId(c.req.param("id"), missing, (id) =>
      rejectClarification(c.var.deps, c.var.principal, { id, reason }),
    );
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("sentBack"));
    return afterReview(c, r.value.id);
  });
