/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isVerdict } from "@klinik/core";
import type { Context } from "hono";
import { claimsById, itemsById, searchClaimsToLink } from "../services/claim-picker.service.ts";
import { editorPreview } from "../services/clarification-article.service.ts";
import { claimMembers } from "../services/clarifications.service.ts";
import type { ArticleClarification } from "./clarification-article.tsx";
import { truncate } from "./format.ts";
import { clinicView, isId } from "./page-ctx.ts";
import {
  ClarificationEditorPage,
  type EditorEvidence,
  type EditorLock,
  type EditorValues,
} from "./pages/clarification-editor.page.tsx";
import { field, fields, type UiEnv } from "./ui-context.ts";

/** Claim ids from checkboxes and from a `?klaster=a,b` link (the claim page's "write a clarification"). */
export function parseClaimIds(values: string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(/[\s,]+/)).filter(isId))].slice(0, 50);
}

/** What the editor's form holds; `offered` are the item checkboxes the last page showed. */
export function readEditorForm(c: Context<UiEnv>): { values: EditorValues; offered: Set<string> } {
  const { form } = c.var;
  const verdict = field(form, "verdict");
  return {
    values: {
      // Not cut to the schema's limits: a longer one is refused and said (handlers parse it).
      title: field(form, "judul").trim(),
      body: field(form, "isi").trim(),
      verdict: isVerdict(verdict) ? verdict : "false",
      clusterIds: parseClaimIds(fields(form, "klaster")),
      itemIds: fields(form, "item").filter(isId),
      correction: field(form, "koreksi").trim(),
      query: field(form, "cari").trim().slice(0, 200),
    },
    offered: new Set(field(form, "ditawarkan").split(",").filter(isId)),
  };
}

/**
 * The editor page for `values`: the ticked claims, the search results when `search`,
 * and the items of the ticked claims — an item not offered before (a newly ticked
 * claim's) starts ticked, so ticking a claim links what it holds.
 */
export async function renderEditor(
  c: Context<UiEnv>,
  opts: {
    mode: "new" | "edit" | "correct";
    /** The saved clarification being edited or corrected. */
    id?: string | undefined;
    action: string;
    values: EditorValues;
    offered: Set<string> | "all";
    search?: boolean;
    preview?: boolean;
    error?: string | undefined;
    evidence?: EditorEvidence | undefined;
    lock?: EditorLock | undefined;
  },
) {
  const { deps, principal } = c.var;
  const v = opts.values;
  const picked = await claimsById(deps, principal, v.clusterIds);
  const { members } = await claimMembers(
    deps,
    principal,
    picked.map((p) => p.id),
  );
  const candidates = members.map((m) => ({ id: m.id, label: truncate(m.title?.trim() || m.text, 100) }));
  const known = new Set(candidates.map((x) => x.id));
  // Items linked before that no ticked claim holds (e.g. not scored yet) stay offered.
  candidates.push(
    ...(await itemsById(
      deps,
      principal,
      v.itemIds.filter((id) => !known.has(id)),
    )),
  );
  const offered = opts.offered;
  const itemIds =
    offered === "all" ? v.itemIds : [...v.itemIds, ...candidates.map((x) => x.id).filter((id) => !offered.has(id))];
  const found = opts.search ? await searchClaimsToLink(deps, principal, v.query) : undefined;
  const results = found?.ok ? found.value : opts.search ? [] : undefined;
  const linked = [...new Set(itemIds)];
  const preview = opts.preview ? await previewOf(c, opts.id, { ...v, itemIds: linked }) : undefined;
  return c.html(
    <ClarificationEditorPage
      {...clinicView(c)}
      mode={opts.mode}
      action={opts.action}
      values={{ ...v, itemIds: linked }}
      picked={picked}
      results={results}
      candidates={candidates}
      offered={candidates.map((x) => x.id)}
      preview={preview}
      error={opts.error}
      evidence={opts.evidence}
      lock={opts.lock}
    />,
    opts.error ? 400 : 200,
  );
}

/** The article as it will read once these values are saved (through the service every preview uses). */
async function previewOf(c: Context<UiEnv>, id: string | undefined, v: EditorValues) {
  const r = await editorPreview(c.var.deps, c.var.principal, {
    id,
    verdict: v.verdict,
    itemIds: v.itemIds,
    correction: v.correction,
  });
  if (!r.ok) return undefined;
  const saved = r.value.saved;
  const article: ArticleClarification = {
    id: saved?.id,
    title: v.title,
    body: v.body,
    verdict: v.verdict,
    status: saved?.status ?? "draft",
    published_at: saved?.published_at ?? null,
    updated_at: saved?.updated_at ?? null,
    withdrawn_at: null,
    withdrawn_reason: null,
  };
  return { c: article, article: r.value.article };
}
