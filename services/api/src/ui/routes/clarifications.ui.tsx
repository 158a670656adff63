/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { Hono } from "hono";
import { can } from "../../services/actor.ts";
import { disagreeingIds } from "../../services/clarification-edits.service.ts";
import { clarificationEditor } from "../../services/clarification-lock.service.ts";
import {
  approveClarification,
  clarificationPage,
  createClarification,
  listClarifications,
  needsApproval,
  publishClarification,
  rejectClarification,
} from "../../services/clarifications.service.ts";
import { clarificationInput, invalidZod } from "../../services/inputs.ts";
import { MAX_SEARCH_CHARS, MAX_SEARCH_RESULTS, searchClinicClarifications } from "../../services/search.service.ts";
import { parseClaimIds, readEditorForm, renderEditor } from "../clarification-editor-form.tsx";
import { invalidText, uiFailure } from "../failure.ts";
import { byId, clinicView, pageCtx, setFlash, takeFlash } from "../page-ctx.ts";
import { ClarificationListPage, ClarificationViewPage } from "../pages/clarification.page.tsx";
import type { EditorValues } from "../pages/clarification-editor.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";
import { confirmPublish } from "./clarification-edit.ui.tsx";

const missing = { code: "not_found", message: "Clarification not found" } as const;

/** Back to the list the reviewer came from, or to the clarification. */
const afterReview = (c: Context<UiEnv>, id: string) =>
  c.redirect(field(c.var.form, "kembali") === "daftar" ? "/klarifikasi" : `/klarifikasi/${id}`, 303);

export const clarificationUi = new Hono<UiEnv>()
  .get("/klarifikasi", requireUiSession, async (c) => {
    const query = (c.req.query("q") ?? "").trim().slice(0, MAX_SEARCH_CHARS);
    const r = query
      ? await searchClinicClarifications(c.var.deps, c.var.principal, { q: query, limit: MAX_SEARCH_RESULTS })
      : await listClarifications(c.var.deps, c.var.principal, { limit: 100 });
    if (!r.ok) return uiFailure(c, r.error);
    const actor = c.var.principal;
    const rows = r.value.map((x) =>
      "score" in x ? { ...x, created_at: x.createdAt, published_at: x.publishedAt } : { ...x, score: undefined },
    );
    return c.html(
      <ClarificationListPage
        ctx={pageCtx(c)}
        tz={actor.tenant.timezone}
        rows={rows}
        query={query}
        disagreeing={await disagreeingIds(c.var.deps, actor, rows)}
        mayApprove={can(actor, "clarification.approve")}
        flash={takeFlash(c)}
      />,
    );
  })
  .get("/klarifikasi/baru", requireUiSession, async (c) => {
    const values: EditorValues = {
      title: "",
      body: "",
      verdict: "false",
      clusterIds: parseClaimIds([c.req.query("klaster") ?? ""]),
      itemIds: [],
      correction: "",
      query: "",
    };
    return renderEditor(c, { mode: "new", action: "/klarifikasi", values, offered: new Set() });
  })
  .post("/klarifikasi", requireUiSession, async (c) => {
    const { t } = c.var;
    const { values, offered } = readEditorForm(c);
    const aksi = field(c.var.form, "aksi");
    const show = (more: { search?: boolean; preview?: boolean; error?: string }) =>
      renderEditor(c, { mode: "new", action: "/klarifikasi", values, offered, ...more });
    if (aksi === "cari") return show({ search: true });
    if (aksi === "pratinjau") return show({ preview: true });
    // The same schema as the JSON API's: an empty or too long title or body is said, not cut.
    const input = clarificationInput.safeParse({
      title: values.title,
      body: values.body,
      verdict: values.verdict,
      itemIds: values.itemIds,
    });
    if (!input.success) return show({ error: invalidText(t, invalidZod(input.error)) });
    const r = await createClarification(c.var.deps, c.var.principal, input.data);
    if (!r.ok && r.error.code !== "invalid_request") return uiFailure(c, r.error);
    if (!r.ok) return show({ error: invalidText(t, r.error) });
    return c.redirect(`/klarifikasi/${r.value.id}`, 303);
  })
  .get("/klarifikasi/:id", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => clarificationPage(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    const v = r.value;
    const editing = await clarificationEditor(c.var.deps, c.var.principal, v.clarification.id);
    return c.html(
      <ClarificationViewPage
        article={v.article}
        editing={editing}
        {...clinicView(c)}
        c={v.clarification}
        history={v.history}
        may={v.may}
        editorial={v.editorial}
        flash={takeFlash(c)}
      />,
    );
  })
  // In a clinic that requires approval, an analyst's "publish" submits the draft to a publisher.
  .post("/klarifikasi/:id/terbitkan", requireUiSession, async (c) => {
    // Publishing at once asks first (submitting for approval publishes nothing, so it does not).
    if (field(c.var.form, "konfirmasi") !== "ya" && !needsApproval(c.var.principal)) return confirmPublish(c);
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
