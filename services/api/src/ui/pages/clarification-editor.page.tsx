/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { EVIDENCE_KINDS, type EvidenceKind, VERDICTS, type Verdict } from "@klinik/core";
import type { PickableClaim } from "../../services/claim-picker.service.ts";
import type { StaffArticle } from "../../services/clarification-article.service.ts";
import { EvidenceList, type EvidenceView, evidenceKindLabel } from "../claim-work.tsx";
import { type ArticleClarification, ClarificationArticle } from "../clarification-article.tsx";
import { Notice, Section, UserText } from "../components.tsx";
import { isVerdictLabel } from "../editorial-format.ts";
import { formatDateTime } from "../format.ts";
import { type T, verdictLabel } from "../i18n.ts";
import { CsrfField, Layout } from "../layout.tsx";
import type { ClinicView } from "../page-ctx.ts";

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

/** The evidence part of the editor of a saved clarification: its links and the link being typed. */
export interface EditorEvidence {
  rows: EvidenceView[];
  draft: { url: string; title: string; kind: EvidenceKind };
}

/** The editing lock as the editor sees it: the reader's own (renewed while open) or a colleague's. */
export type EditorLock = { mine: true; id: string } | { mine: false; id: string; name: string | null; until: string };

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
    /** The preview (the "Pratinjau" step): the article as it will read once saved. */
    preview?: { c: ArticleClarification; article: StaffArticle } | undefined;
    error?: string | undefined;
    /** Saved clarifications only (a new draft gets evidence once saved). */
    evidence?: EditorEvidence | undefined;
    lock?: EditorLock | undefined;
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
  const lock = props.lock;
  const heldByOther = lock !== undefined && !lock.mine;
  return (
    <Layout ctx={props.ctx} title={title} page="clarifications" wide>
      <h1>{title}</h1>
      {props.error ? <Notice tone="error">{props.error}</Notice> : null}
      {props.mode === "correct" ? <Notice tone="warn">{t("correctionHint")}</Notice> : null}
      {lock && !lock.mine ? (
        <div class="notice warn" role="status" id="lock-state">
          <span>
            {t("lockHeldBy")}{" "}
            <strong>
              <bdi>{lock.name ?? "?"}</bdi>
            </strong>{" "}
            {t("lockUntil")} <time datetime={lock.until}>{formatDateTime(lock.until, props.tz, lang)}</time>.{" "}
            {t("lockReadOnly")}
          </span>{" "}
          <form method="post" action={`/klarifikasi/${lock.id}/ambil-alih`} class="inline">
            <CsrfField csrf={csrf} />
            <button type="submit">{t("lockTakeover")}</button>
          </form>
        </div>
      ) : (
        <p id="lock-state" role="status" class="notice warn" hidden>
          {t("lockLost")}
        </p>
      )}
      <div class="cols">
        <form
          method="post"
          action={props.action}
          class="stack col-main card"
          id="editor"
          data-lock={lock?.mine ? lock.id : undefined}
        >
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
          {props.evidence ? (
            <EvidenceFields t={t} evidence={props.evidence} disabled={heldByOther} />
          ) : (
            <p class="muted">{t("evidenceAfterDraft")}</p>
          )}
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
            <button type="submit" name="aksi" value="simpan" class="primary" disabled={heldByOther}>
              {props.mode === "new" ? t("saveDraft") : props.mode === "edit" ? t("saveChanges") : t("saveCorrection")}
            </button>
            {lock ? (
              // Leaving without saving lets go of the lock (app.js also does on any other way out).
              <button type="submit" formaction={`/klarifikasi/${lock.id}/lepas`} formnovalidate>
                {t("cancelEdit")}
              </button>
            ) : null}
          </div>
        </form>
        {props.preview ? (
          <Section id="preview-h" title={t("previewOf")} class="col-side card preview">
            <ClarificationArticle ctx={props.ctx} tz={props.tz} c={props.preview.c} {...props.preview.article} />
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

/**
 * Evidence links inside the editor's form: adding or removing one is a submit button of
 * the same form (like the claim search), so nothing typed in the editor is lost.
 */
function EvidenceFields(props: { t: T; evidence: EditorEvidence; disabled: boolean }) {
  const { t, evidence } = props;
  const d = evidence.draft;
  return (
    <fieldset id="evidence-fields">
      <legend>{t("evidence")}</legend>
      <EvidenceList
        t={t}
        rows={evidence.rows}
        remove={(e) => (
          <>
            {" "}
            <button
              type="submit"
              name="hapus_bukti"
              value={e.id}
              formnovalidate
              class="link"
              disabled={props.disabled}
              aria-label={`${t("removeEvidence")}: ${e.title}`}
            >
              {t("removeEvidence")}
            </button>
          </>
        )}
      />
      <label for="b-url">{t("evidenceUrl")}</label>
      <input id="b-url" name="bukti_url" type="url" maxlength={2048} placeholder="https://" value={d.url} />
      <label for="b-title">{t("evidenceTitle")}</label>
      <input id="b-title" name="bukti_judul" type="text" maxlength={300} value={d.title} />
      <label for="b-kind">{t("evidenceKind")}</label>
      <select id="b-kind" name="bukti_jenis">
        {EVIDENCE_KINDS.map((k) => (
          <option value={k} selected={k === d.kind}>
            {evidenceKindLabel(t, k)}
          </option>
        ))}
      </select>
      <div>
        <button type="submit" name="aksi" value="bukti" formnovalidate disabled={props.disabled}>
          {t("addEvidence")}
        </button>
      </div>
    </fieldset>
  );
}
