/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isVerdict } from "@klinik/core";
import {
  createClarification,
  getClarification,
  getCluster,
  listClarifications,
  listClusterMembers,
  publishClarification,
} from "@klinik/db";
import type { Context } from "hono";
import { Hono } from "hono";
import { announcePublication } from "../../publication.ts";
import { truncate } from "../format.ts";
import { isId, pageCtx } from "../page-ctx.ts";
import {
  ClarificationEditorPage,
  ClarificationListPage,
  ClarificationViewPage,
  type EditorValues,
  PublicClarificationPage,
} from "../pages/clarification.page.tsx";
import { errorPage } from "../pages/error-page.tsx";
import { requireUiSession } from "../session.ts";
import { field, fields, type UiEnv } from "../ui-context.ts";

function parseIds(v: string): string[] {
  return [...new Set(v.split(/[\s,]+/).filter(Boolean))].slice(0, 50);
}

/** Members of the linked clusters (this clinic's only): the editor's checkboxes. */
async function candidatesOf(c: Context<UiEnv>, clusterIds: string[]) {
  const { db } = c.var.deps;
  const tenantId = c.var.principal.tenant.id;
  const out: { id: string; label: string }[] = [];
  const unknown: string[] = [];
  for (const id of clusterIds) {
    const cluster = isId(id) ? await getCluster(db, tenantId, id) : undefined;
    if (!cluster) {
      unknown.push(id);
      continue;
    }
    for (const m of await listClusterMembers(db, tenantId, cluster.id, 100)) {
      out.push({ id: m.id, label: truncate(m.title?.trim() || m.text, 100) });
    }
  }
  return { candidates: out, unknown };
}

function editor(
  c: Context<UiEnv>,
  values: EditorValues,
  candidates: { id: string; label: string }[],
  preview: boolean,
  error?: string,
) {
  const { tenant } = c.var.principal;
  return c.html(
    <ClarificationEditorPage
      ctx={pageCtx(c)}
      tz={tenant.timezone}
      clinicName={tenant.name}
      values={values}
      candidates={candidates}
      preview={preview}
      error={error}
    />,
    error ? 400 : 200,
  );
}

export const clarificationUi = new Hono<UiEnv>()
  .get("/klarifikasi", requireUiSession, async (c) => {
    const { tenant } = c.var.principal;
    const rows = await listClarifications(c.var.deps.db, tenant.id, { limit: 100 });
    return c.html(<ClarificationListPage ctx={pageCtx(c)} tz={tenant.timezone} rows={rows} />);
  })
  .get("/klarifikasi/baru", requireUiSession, async (c) => {
    const clusterIds = parseIds(c.req.query("klaster") ?? "");
    const { candidates } = await candidatesOf(c, clusterIds);
    return editor(
      c,
      {
        title: "",
        body: "",
        verdict: "false",
        clusterIds: clusterIds.join(", "),
        itemIds: candidates.map((x) => x.id),
      },
      candidates,
      false,
    );
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
    const { tenant, user } = c.var.principal;
    const res = await createClarification(c.var.deps.db, tenant.id, {
      title: values.title,
      body: values.body,
      verdict: values.verdict,
      itemIds: values.itemIds,
      userId: user.id,
    });
    if (!res.ok) return editor(c, values, candidates, false, t("invalidInput"));
    return c.redirect(`/klarifikasi/${res.clarification.id}`, 303);
  })
  .get("/klarifikasi/:id", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const { tenant } = c.var.principal;
    const row = isId(id) ? await getClarification(c.var.deps.db, tenant.id, id) : undefined;
    if (!row) return errorPage(c, 404, c.var.t("notFound"));
    return c.html(
      <ClarificationViewPage
        ctx={pageCtx(c)}
        tz={tenant.timezone}
        clinicName={tenant.name}
        tenantSlug={tenant.slug}
        c={row}
      />,
    );
  })
  .post("/klarifikasi/:id/terbitkan", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const row = isId(id) ? await publishClarification(c.var.deps.db, c.var.principal.tenant.id, id) : undefined;
    if (!row) return errorPage(c, 404, c.var.t("notFound"));
    await announcePublication(c.var.deps, row.id);
    return c.redirect(`/klarifikasi/${row.id}`, 303);
  })
  // The public page of a published clarification: no login, stable URL, 404 for drafts.
  .get("/k/:slug/klarifikasi/:id", async (c) => {
    const slug = c.req.param("slug");
    const id = c.req.param("id");
    const ctx = { t: c.var.t, lang: c.var.lang };
    const tenant = /^[a-z0-9-]{1,64}$/.test(slug) ? await c.var.deps.tenants.bySlug(slug) : undefined;
    const row = tenant && isId(id) ? await getClarification(c.var.deps.db, tenant.id, id) : undefined;
    if (!tenant || !row || row.status !== "published") return errorPage(c, 404, c.var.t("notFound"));
    c.header("Cache-Control", "public, max-age=300");
    return c.html(<PublicClarificationPage ctx={ctx} tz={tenant.timezone} clinicName={tenant.name} c={row} />);
  });
