/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { EvidenceKind } from "@klinik/core";
import { EVIDENCE_KINDS } from "@klinik/core";
import type { Child } from "hono/jsx";
import { UserText } from "./components.tsx";
import { formatDateTime, safeHttpUrl } from "./format.ts";
import type { MsgKey, T } from "./i18n.ts";
import { CsrfField, type PageCtx } from "./layout.tsx";

// Pieces of an analyst's day shared by the queue, the claim page and the clarification pages:
// the notice that offers to undo, the assignment panel and evidence links.

const KIND_KEY: Record<EvidenceKind, MsgKey> = {
  official: "ekOfficial",
  media: "ekMedia",
  factcheck: "ekFactcheck",
  photo: "ekPhoto",
  other: "ekOther",
};
export const evidenceKindLabel = (t: T, k: EvidenceKind) => t(KIND_KEY[k]);

/**
 * What the last action did, and (when it was a verdict or bulk action) a button to undo it.
 * `claim`: undoing from a claim page returns to that claim.
 */
export function ActionNotice(props: {
  t: T;
  csrf: string;
  flash?: string;
  undo?: string;
  back: string;
  claim?: string;
}) {
  if (!props.flash) return null;
  return (
    <div class="notice ok undo" role="status" id="action-notice">
      <span>{props.flash}</span>
      {props.undo ? (
        <form method="post" action="/antrean/urungkan" class="inline">
          <CsrfField csrf={props.csrf} />
          <input type="hidden" name="aksi" value={props.undo} />
          <input type="hidden" name="kembali" value={props.back} />
          {props.claim ? <input type="hidden" name="klaim" value={props.claim} /> : null}
          <button type="submit" class="undo-btn">
            {props.t("undo")}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export interface EvidenceView {
  id: string;
  url: string;
  title: string;
  kind: EvidenceKind;
}

/** Evidence as links that leave the site safely (http/https only; no referrer, no opener, no ranking). */
export function EvidenceList(props: { t: T; rows: EvidenceView[]; remove?: (e: EvidenceView) => Child }) {
  const rows = props.rows.flatMap((e) => {
    const href = safeHttpUrl(e.url);
    return href ? [{ ...e, href }] : [];
  });
  if (rows.length === 0) return <p class="muted">{props.t("noEvidence")}</p>;
  return (
    <ul class="evidence">
      {rows.map((e) => (
        <li>
          <a href={e.href} rel="noopener noreferrer nofollow" target="_blank" class="ext">
            <UserText text={e.title} />
          </a>{" "}
          <span class="muted">
            · {evidenceKindLabel(props.t, e.kind)} · <bdi>{new URL(e.href).host}</bdi>
          </span>
          {props.remove ? props.remove(e) : null}
        </li>
      ))}
    </ul>
  );
}

/** The form that adds an evidence link (to a claim or a clarification: `action` says where). */
export function EvidenceForm(props: { t: T; csrf: string; action: string; back?: string }) {
  const { t } = props;
  return (
    <form method="post" action={props.action} class="stack evidence-form">
      <CsrfField csrf={props.csrf} />
      {props.back ? <input type="hidden" name="kembali" value={props.back} /> : null}
      <label for="ev-url">{t("evidenceUrl")}</label>
      <input id="ev-url" name="url" type="url" required maxlength={2048} placeholder="https://" />
      <label for="ev-title">{t("evidenceTitle")}</label>
      <input id="ev-title" name="judul" type="text" required maxlength={300} />
      <label for="ev-kind">{t("evidenceKind")}</label>
      <select id="ev-kind" name="jenis">
        {EVIDENCE_KINDS.map((k) => (
          <option value={k}>{evidenceKindLabel(t, k)}</option>
        ))}
      </select>
      <button type="submit">{t("addEvidence")}</button>
    </form>
  );
}

/** Who a claim is assigned to and by when, and the form to assign, take or unassign it. */
export function AssignmentPanel(props: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  clusterId: string;
  back: string;
  users: { id: string; name: string }[];
  assignee: { id: string; name: string | null; due: string | null } | null;
  closed: boolean;
}) {
  const { t, lang, csrf } = props.ctx;
  const me = props.ctx.principal?.user.id;
  const a = props.assignee;
  return (
    <div class="assignment">
      <p id="assignment-state">
        {a ? (
          <>
            {t("assignedTo")}{" "}
            <strong>
              <bdi>{a.name ?? "?"}</bdi>
              {a.id === me ? ` (${t("you")})` : ""}
            </strong>
            {a.due ? (
              <>
                {" · "}
                {t("due")} <time datetime={a.due}>{formatDateTime(a.due, props.tz, lang)}</time>
              </>
            ) : null}
          </>
        ) : (
          <span class="muted">{t("notAssigned")}</span>
        )}
      </p>
      {props.closed ? null : (
        <form method="post" action={`/klaster/${props.clusterId}/tugaskan`} class="row-form">
          <CsrfField csrf={csrf} />
          <input type="hidden" name="kembali" value={props.back} />
          <label for="as-who">{t("assignee")}</label>
          <select id="as-who" name="kepada">
            <option value="saya">{t("assignMe")}</option>
            {props.users
              .filter((u) => u.id !== me)
              .map((u) => (
                <option value={u.id} selected={a?.id === u.id}>
                  {u.name}
                </option>
              ))}
            {a ? <option value="">{t("unassign")}</option> : null}
          </select>
          <label for="as-due">{t("dueHours")}</label>
          <input id="as-due" name="jam" type="number" min={1} max={720} step={1} value="8" class="small" />
          <button type="submit">{t("assignSubmit")}</button>
        </form>
      )}
    </div>
  );
}
