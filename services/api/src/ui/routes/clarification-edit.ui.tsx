/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { Hono } from "hono";
import {
  editClarification,
  editorOpening,
  publishCandidate,
  withdrawClarification,
} from "../../services/clarification-edits.service.ts";
import { readEditorForm, renderEditor } from "../clarification-editor-form.tsx";
import { uiFailure } from "../failure.ts";
import { byId, clinicView, setFlash } from "../page-ctx.ts";
import { ConfirmPublishPage } from "../pages/clarification-confirm.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

const missing = { code: "not_found", message: "Clarification not found" } as const;

/** The confirmation step before publishing (the publish form's POST without `konfirmasi` shows it too). */
export async function confirmPublish(c: Context<UiEnv>) {
  const r = await byId(c.req.param("id"), missing, (id) => publishCandidate(c.var.deps, c.var.principal, id));
  if (!r.ok) return uiFailure(c, r.error);
  if (r.value.status === "published") return c.redirect(`/klarifikasi/${r.value.id}`, 303);
  return c.html(<ConfirmPublishPage {...clinicView(c)} c={r.value} />);
}

/** Editing a draft, and correcting or withdrawing a published clarification. */
export const clarificationEditUi = new Hono<UiEnv>()
  .get("/klarifikasi/:id/terbitkan", requireUiSession, confirmPublish)
  .get("/klarifikasi/:id/ubah", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => editorOpening(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    const { clarification: x, clusterIds } = r.value;
    const values = {
      title: x.title,
      body: x.body,
      verdict: x.verdict,
      clusterIds,
      itemIds: x.item_ids,
      correction: "",
      query: "",
    };
    const mode = x.status === "published" ? "correct" : "edit";
    return renderEditor(c, { mode, action: `/klarifikasi/${x.id}/ubah`, values, offered: "all" });
  })
  .post("/klarifikasi/:id/ubah", requireUiSession, async (c) => {
    const opened = await byId(c.req.param("id"), missing, (id) => editorOpening(c.var.deps, c.var.principal, id));
    if (!opened.ok) return uiFailure(c, opened.error);
    const x = opened.value.clarification;
    const { t } = c.var;
    const { values, offered } = readEditorForm(c);
    const mode = x.status === "published" ? "correct" : "edit";
    const show = (more: { search?: boolean; preview?: boolean; error?: string }) =>
      renderEditor(c, { mode, action: `/klarifikasi/${x.id}/ubah`, values, offered, ...more });
    const aksi = field(c.var.form, "aksi");
    if (aksi === "cari") return show({ search: true });
    if (aksi === "pratinjau") return show({ preview: true });
    if (!values.title || !values.body || (mode === "correct" && !values.correction))
      return show({ error: t("invalidInput") });
    const r = await editClarification(c.var.deps, c.var.principal, x.id, {
      title: values.title,
      body: values.body,
      verdict: values.verdict,
      itemIds: values.itemIds,
      ...(mode === "correct" ? { correction: values.correction } : {}),
    });
    if (!r.ok && r.error.code !== "invalid_request") return uiFailure(c, r.error);
    if (!r.ok) return show({ error: `${t("invalidInput")}: ${r.error.message}` });
    setFlash(c, mode === "correct" ? t("corrected") : t("saved"));
    return c.redirect(`/klarifikasi/${x.id}`, 303);
  })
  .post("/klarifikasi/:id/tarik", requireUiSession, async (c) => {
    const reason = field(c.var.form, "alasan").trim().slice(0, 2_000);
    const r = await byId(c.req.param("id"), missing, (id) =>
      withdrawClarification(c.var.deps, c.var.principal, { id, reason }),
    );
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("withdrawnDone"));
    return c.redirect(`/klarifikasi/${r.value.id}`, 303);
  });
