/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { VERDICTS, type Verdict } from "@klinik/core";
import type { PickableClaim } from "../../services/claim-picker.service.ts";
import { Notice, Section, UserText } from "../components.tsx";
import { isVerdictLabel } from "../editorial-format.ts";
import { verdictLabel } from "../i18n.ts";
import { CsrfField, Layout } from "../layout.tsx";
import type { ClinicView } from "../page-ctx.ts";
import { PublicClarification } from "./public-clarification.page.tsx";

export interface EditorValues {
  title: string;
  body: string;
  verdict: Verdict;
  /** Claims ticked so far (the search step keeps them). */
  clusterIds: string[];
  itemIds: string[];
  /** The correction note (correcting a published clarification). */
  correction: string;
  /** What was typed in the claim search. */
  query: string;
}

/**
 * The editor of a new draft, of a draft or pending one (`edit`), or of a published one
 * (`correct`, with its required correction note). Claims are linked by searching: the
 * search is a submit button of the same form, so it works without JavaScript and keeps
 * everything typed; ticked claims stay ticked, and their items are offered below.
 */
export function ClarificationEditorPage(
  props: ClinicView & {
    mode: "new" | "edit" | "correct";
    action: string;
    values: EditorValues;
    picked: PickableClaim[];
    results?: PickableClaim[] | undefined;
    candidates: { id: string; label: string }[];
    /** The item checkboxes this page shows (so the next step knows which are new). */
    offered: string[];
    preview: boolean;
    error?: string | undefined;
  },
) {
  const { t, lang, csrf } = props.ctx;
  const v = props.values;
  const title =
    props.mode === "new"
      ? t("newClarification")
      : props.mode === "edit"
        ? t("editClarification")
        : t("correctClarification");
  const pickedIds = new Set(props.picked.map((c) => c.id));
  const results = (props.results ?? []).filter((c) => !pickedIds.has(c.id));
  return (
    <Layout ctx={props.ctx} title={title} page="clarifications" wide>
      <h1>{title}</h1>
      {props.error ? <Notice tone="error">{props.error}</Notice> : null}
      {props.mode === "correct" ? <Notice tone="warn">{t("correctionHint")}</Notice> : null}
      <div class="cols">
        <form method="post" action={props.action} class="stack col-main card" id="editor">
          <CsrfField csrf={csrf} />
          <input type="hidden" name="ditawarkan" value={props.offered.join(",")} />
          <label for="c-title">{t("title")}</label>
          <input id="c-title" name="judul" type="text" required maxlength={300} value={v.title} />
          <label for="c-verdict">{t("verdict")}</label>
          <select id="c-verdict" name="verdict">
            {VERDICTS.map((x) => (
              <option value={x} selected={x === v.verdict}>
                {verdictLabel(x, lang)}
              </option>
            ))}
          </select>
          <label for="c-body">{t("body")}</label>
          <textarea id="c-body" name="isi" rows={12} required maxlength={50000}>
            {v.body}
          </textarea>
          <fieldset id="claim-picker">
            <legend>{t("pickedClaims")}</legend>
            {props.picked.map((c) => (
              <ClaimBox claim={c} checked lang={lang} t={t} />
            ))}
            <label for="c-search">{t("searchClaims")}</label>
            <p class="muted">{t("searchClaimsHint")}</p>
            <div class="inline">
              <input id="c-search" name="cari" type="search" maxlength={200} value={v.query} autocomplete="off" />{" "}
              <button type="submit" name="aksi" value="cari" formnovalidate>
                {t("searchClaimsButton")}
              </button>
            </div>
            {props.results !== undefined ? (
              <div id="claim-results" aria-live="polite">
                <p class="muted">{t("claimResults")}</p>
                {results.length === 0 ? <p class="empty">{t("noClaimResults")}</p> : null}
                {results.map((c) => (
                  <ClaimBox claim={c} checked={false} lang={lang} t={t} />
                ))}
              </div>
            ) : null}
          </fieldset>
          {props.candidates.length > 0 ? (
            <fieldset>
              <legend>{t("linked")}</legend>
              {props.candidates.map((c) => (
                <label class="check">
                  <input type="checkbox" name="item" value={c.id} checked={v.itemIds.includes(c.id)} />{" "}
                  <UserText text={c.label} />
                </label>
              ))}
            </fieldset>
          ) : null}
          {props.mode === "correct" ? (
            <>
              <label for="c-correction">{t("correctionNote")}</label>
              <textarea id="c-correction" name="koreksi" rows={3} required maxlength={2000}>
                {v.correction}
              </textarea>
            </>
          ) : null}
          <div class="actions">
            <button type="submit" name="aksi" value="pratinjau">
              {t("preview")}
            </button>
            <button type="submit" name="aksi" value="simpan" class="primary">
              {props.mode === "new" ? t("saveDraft") : props.mode === "edit" ? t("saveChanges") : t("saveCorrection")}
            </button>
          </div>
        </form>
        {props.preview ? (
          <Section id="preview-h" title={t("previewOf")} class="col-side card preview">
            <PublicClarification
              ctx={props.ctx}
              tz={props.tz}
              clinicName={props.clinicName}
              c={{ ...v, published_at: null }}
            />
          </Section>
        ) : null}
      </div>
    </Layout>
  );
}

function ClaimBox(props: { claim: PickableClaim; checked: boolean; lang: "id" | "en"; t: ClinicView["ctx"]["t"] }) {
  const c = props.claim;
  return (
    <label class="check" data-claim={c.id}>
      <input type="checkbox" name="klaster" value={c.id} checked={props.checked} /> <UserText text={c.label} />{" "}
      <span class="muted">
        ({c.size} {props.t("claimMembers")}
        {isVerdictLabel(c.verdict) ? ` · ${verdictLabel(c.verdict, props.lang)}` : ""})
      </span>
    </label>
  );
}
