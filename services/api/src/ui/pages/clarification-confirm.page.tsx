/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Clarification } from "@klinik/db";
import type { StaffArticle } from "../../services/clarification-article.service.ts";
import { ClarificationArticle } from "../clarification-article.tsx";
import { Notice } from "../components.tsx";
import { CsrfField, Layout } from "../layout.tsx";
import type { ClinicView } from "../page-ctx.ts";

/** "Publish this?": what the public will read, then the one button that publishes (works without JavaScript). */
export function ConfirmPublishPage(props: ClinicView & { c: Clarification; article: StaffArticle }) {
  const { t, csrf } = props.ctx;
  const c = props.c;
  return (
    <Layout ctx={props.ctx} title={t("confirmPublishTitle")} page="clarifications" wide>
      <h1>{t("confirmPublishTitle")}</h1>
      <Notice tone="warn">{t("confirmPublishHint")}</Notice>
      <section class="card preview" aria-label={t("previewOf")}>
        <ClarificationArticle ctx={props.ctx} tz={props.tz} c={c} {...props.article} />
      </section>
      <div class="actions">
        <form method="post" action={`/klarifikasi/${c.id}/terbitkan`} class="inline" id="confirm-publish">
          <CsrfField csrf={csrf} />
          <input type="hidden" name="konfirmasi" value="ya" />
          <button type="submit" class="primary">
            {t("confirmPublish")}
          </button>
        </form>{" "}
        <a href={`/klarifikasi/${c.id}`} class="button">
          {t("cancel")}
        </a>
      </div>
    </Layout>
  );
}
