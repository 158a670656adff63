/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Clarification } from "@klinik/db";
import { Notice, UserText } from "../components.tsx";
import { isVerdictLabel } from "../editorial-format.ts";
import { formatDateTime } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import { CsrfField, type PageCtx } from "../layout.tsx";

/**
 * The editorial side of a clarification's staff page: a linked claim whose verdict now
 * differs, the withdrawal, and the edit, correct and withdraw actions (the corrections are
 * in the article's preview, as the public reads them).
 */
export function EditorialPanel(props: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  c: Clarification;
  editorial: {
    disagreements: { cluster_id: string; verdict: string | null }[];
    mayEdit: boolean;
    mayChangePublished: boolean;
  };
}) {
  const { t, lang, csrf } = props.ctx;
  const { c, editorial: e } = props;
  return (
    <>
      {e.disagreements.length > 0 && c.status !== "withdrawn" ? (
        <Notice tone="warn" id="disagreement">
          {t("disagreeNotice")}{" "}
          {e.disagreements.map((d) => (
            <>
              <a href={`/klaster/${d.cluster_id}`}>
                {isVerdictLabel(d.verdict) ? verdictLabel(d.verdict, lang) : "—"}
              </a>{" "}
            </>
          ))}
          ({t("verdict")}: {verdictLabel(c.verdict, lang)}). {c.status === "published" ? t("disagreeHint") : null}
        </Notice>
      ) : null}
      {c.status === "withdrawn" ? (
        <Notice tone="warn" id="withdrawn">
          {t("withdrawn")} {c.withdrawn_at ? formatDateTime(c.withdrawn_at, props.tz, lang) : ""} · {t("withdrawnWhy")}:{" "}
          <UserText text={c.withdrawn_reason ?? ""} />
        </Notice>
      ) : null}
      <div class="actions">
        {e.mayEdit ? (
          <a href={`/klarifikasi/${c.id}/ubah`} class="button" id="edit-link">
            {t("edit")}
          </a>
        ) : null}
        {e.mayChangePublished ? (
          <>
            <a href={`/klarifikasi/${c.id}/ubah`} class="button" id="correct-link">
              {t("correct")}
            </a>
            <form method="post" action={`/klarifikasi/${c.id}/tarik`} class="inline" id="withdraw-form">
              <CsrfField csrf={csrf} />
              <label for="withdraw-reason">{t("withdrawReason")}</label>{" "}
              <input id="withdraw-reason" name="alasan" type="text" required maxlength={2000} />{" "}
              <button type="submit">{t("withdraw")}</button>
            </form>
          </>
        ) : c.status === "published" && props.ctx.principal?.tenant.require_approval === 1 ? (
          <p class="muted">{t("approvalForChanges")}</p>
        ) : null}
      </div>
    </>
  );
}
