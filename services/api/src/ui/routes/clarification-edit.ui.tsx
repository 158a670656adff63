/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isEvidenceKind } from "@klinik/core";
import type { Context } from "hono";
import { Hono } from "hono";
import {
  editClarification,
  editorOpening,
  publishCandidate,
  withdrawClarification,
} from "../../services/clarification-edits.service.ts";
import { editInput } from "../../services/clarification-inputs.ts";
import {
  clarificationEditor,
  releaseClarificationLock,
  takeClarificationLock,
} from "../../services/clarification-lock.service.ts";
import { addEvidence, listEvidence, removeEvidence } from "../../services/evidence.service.ts";
import { invalidZod } from "../../services/inputs.ts";
import { readEditorForm, renderEditor } from "../clarification-editor-form.tsx";
import { invalidText, uiFailure } from "../failure.ts";
import { byId, clinicView, isId, setFlash, wantsJson } from "../page-ctx.ts";
import { ConfirmPublishPage } from "../pages/clarification-confirm.page.tsx";
import type { EditorEvidence, EditorLock } from "../pages/clarification-editor.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

const missing = { code: "not_found", message: "Clarification not found" } as const;

/** Opening (or staying in) the editor takes or renews the editing lock; a colleague's is shown, not fought over. */
async function editorLock(c: Context<UiEnv>, id: string): Promise<EditorLock | undefined> {
  const r = await takeClarificationLock(c.var.deps, c.var.principal, id);
  if (r.ok) return { mine: true, id };
  if (r.error.code !== "claimed") return undefined;
  const holder = await clarificationEditor(c.var.deps, c.var.principal, id);
  return holder ? { mine: false, id, name: holder.name, until: holder.until } : undefined;
}

/** The clarification's evidence links and the one being typed (kept when it was refused). */
async function editorEvidence(c: Context<UiEnv>, id: string, draft?: EditorEvidence["draft"]) {
  const r = await listEvidence(c.var.deps, c.var.principal, { clarification: id });
  return { rows: r.ok ? r.value : [], draft: draft ?? { url: "", title: "", kind: "other" as const } };
}

/** The evidence link typed in the editor's form. */
function evidenceDraft(c: Context<UiEnv>): EditorEvidence["draft"] {
  const kind = field(c.var.form, "bukti_jenis");
  return {
    url: field(c.var.form, "bukti_url").trim().slice(0, 2048),
    title: field(c.var.form, "bukti_judul").trim().slice(0, 300),
    kind: isEvidenceKind(kind) ? kind : "other",
  };
}

/** The confirmation step before publishing (the publish form's POST without `konfirmasi` shows it too). */
export async function confirmPublish(c: Context<UiEnv>) {
  const r = await byId(c.req.param("id"), missing, (id) => publishCandidate(c.var.deps, c.var.principal, id));
  if (!r.ok) return uiFailure(c, r.error);
  const { clarification: x, article } = r.value;
  if (x.status === "published") return c.redirect(`/klarifikasi/${x.id}`, 303);
  return c.html(<ConfirmPublishPage {...clinicView(c)} c={x} article={article} />);
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
    return renderEditor(c, {
      mode,
      action: `/klarifikasi/${x.id}/ubah`,
      values,
      offered: "all",
      lock: await editorLock(c, x.id),
      evidence: await editorEvidence(c, x.id),
    });
  })
  .post("/klarifikasi/:id/ubah", requireUiSession, async (c) => {
    const opened = await byId(c.req.param("id"), missing, (id) => editorOpening(c.var.deps, c.var.principal, id));
    if (!opened.ok) return uiFailure(c, opened.error);
    const x = opened.value.clarification;
    const { t, deps, principal } = c.var;
    const { values, offered } = readEditorForm(c);
    const mode = x.status === "published" ? "correct" : "edit";
    const show = async (more: {
      search?: boolean;
      preview?: boolean;
      error?: string;
      draft?: EditorEvidence["draft"];
    }) =>
      renderEditor(c, {
        mode,
        id: x.id,
        action: `/klarifikasi/${x.id}/ubah`,
        values,
        offered,
        ...more,
        // Every step that stays in the editor keeps (renews) the lock.
        lock: await editorLock(c, x.id),
        evidence: await editorEvidence(c, x.id, more.draft),
      });
    const aksi = field(c.var.form, "aksi");
    if (aksi === "cari") return show({ search: true });
    if (aksi === "pratinjau") return show({ preview: true });
    const removing = field(c.var.form, "hapus_bukti");
    if (removing) {
      const r = await removeEvidence(deps, principal, { clarification: x.id }, isId(removing) ? removing : "-");
      if (!r.ok && r.error.code !== "not_found") return uiFailure(c, r.error);
      return show({});
    }
    if (aksi === "bukti") {
      const draft = evidenceDraft(c);
      const r = await addEvidence(deps, principal, { clarification: x.id }, draft);
      if (r.ok) return show({});
      if (r.error.code === "invalid_request") return show({ error: invalidText(t, r.error), draft });
      if (r.error.code === "conflict") return show({ error: t("evidenceFull"), draft });
      return uiFailure(c, r.error);
    }
    // The same schema as the JSON API's: an empty or too long field is said, not cut.
    const input = editInput.safeParse({
      title: values.title,
      body: values.body,
      verdict: values.verdict,
      itemIds: values.itemIds,
      ...(mode === "correct" ? { correction: values.correction } : {}),
    });
    if (!input.success) return show({ error: invalidText(t, invalidZod(input.error)) });
    const r = await editClarification(deps, principal, x.id, input.data);
    if (!r.ok && r.error.code === "claimed") return show({ error: t("lockSaveRefused") });
    if (!r.ok && r.error.code !== "invalid_request") return uiFailure(c, r.error);
    if (!r.ok) return show({ error: invalidText(t, r.error) });
    setFlash(c, mode === "correct" ? t("corrected") : t("saved"));
    return c.redirect(`/klarifikasi/${x.id}`, 303);
  })
  // app.js renews the lock while the editor is open; 409 tells it a colleague took over.
  .post("/klarifikasi/:id/kunci", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => takeClarificationLock(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return wantsJson(c) ? c.json({ until: r.value.until }) : c.redirect(`/klarifikasi/${c.req.param("id")}/ubah`, 303);
  })
  // Cancel in the editor, and app.js's beacon when the editor is left any other way.
  .post("/klarifikasi/:id/lepas", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => releaseClarificationLock(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect(`/klarifikasi/${c.req.param("id")}`, 303);
  })
  .post("/klarifikasi/:id/ambil-alih", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) =>
      takeClarificationLock(c.var.deps, c.var.principal, id, { takeover: true }),
    );
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect(`/klarifikasi/${c.req.param("id")}/ubah`, 303);
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
