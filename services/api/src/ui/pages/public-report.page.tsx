/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { MAX_TEXT } from "../../services/inputs.ts";
import type { ReportStage, ReportStatus } from "../../services/public-site.service.ts";
import { UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import type { MsgKey } from "../i18n.ts";
import { VerdictLabel } from "../public-components.tsx";
import { type PublicCtx, PublicLayout, pubHref } from "../public-layout.tsx";
import { MatchList, type PublicMatch } from "./public-check.page.tsx";

type ClinicCtx = PublicCtx & { clinic: NonNullable<PublicCtx["clinic"]> };

export interface ReportValues {
  text: string;
  url: string;
  contact: string;
}

/**
 * The report form: plain HTML, works without script. `stamp` is the signed form
 * timestamp; the `situs_web` field is a trap hidden from people (bots fill it in).
 * With `suggestions`, the clarifications the message resembles are shown first and
 * the form sends with `lanjut=1`.
 */
export function ReportFormPage(props: {
  ctx: ClinicCtx;
  path: string;
  stamp: string;
  retentionDays: number;
  values: ReportValues;
  error?: string | undefined;
  suggestions?: PublicMatch[] | undefined;
}) {
  const { t, clinic, lang } = props.ctx;
  const v = props.values;
  const confirming = (props.suggestions?.length ?? 0) > 0;
  return (
    <PublicLayout ctx={props.ctx} title={t("pubReport")} nav="report" path={props.path}>
      <h1>{t("pubReport")}</h1>
      <p>{t("pubReportIntro")}</p>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {confirming ? (
        <section class="card" aria-labelledby="pernah" data-suggestions>
          <h2 id="pernah">{t("pubReportSeen")}</h2>
          <p>{t("pubReportSeenIntro")}</p>
          <MatchList ctx={props.ctx} matches={props.suggestions ?? []} />
        </section>
      ) : null}
      <form method="post" action={`/k/${clinic.slug}/lapor`} class="card stack" data-report-form>
        <input type="hidden" name="_cap" value={props.stamp} />
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        {confirming ? <input type="hidden" name="lanjut" value="1" /> : null}
        <label for="teks">{t("pubReportText")}</label>
        <textarea id="teks" name="teks" required maxlength={MAX_TEXT}>
          {v.text}
        </textarea>
        <label for="tautan">{t("pubReportUrl")}</label>
        <input id="tautan" name="tautan" type="url" maxlength={2_000} value={v.url} placeholder="https://" />
        <label for="kontak">{t("pubReportContact")}</label>
        <input id="kontak" name="kontak" type="text" maxlength={200} value={v.contact} autocomplete="email" />
        <p class="muted small">
          {t("pubReportContactHint")} {props.retentionDays} {t("pubReportDays")}.
        </p>
        <div class="trap" aria-hidden="true">
          <label for="situs_web">{t("pubReportTrap")}</label>
          <input id="situs_web" name="situs_web" type="text" tabindex={-1} autocomplete="off" value="" />
        </div>
        <div>
          <button type="submit">{confirming ? t("pubReportAnyway") : t("pubReportSubmit")}</button>
        </div>
      </form>
      <TicketLookup ctx={props.ctx} />
    </PublicLayout>
  );
}

/** Look a report up by its ticket code (a GET form). */
function TicketLookup(props: { ctx: ClinicCtx }) {
  const { t, clinic, lang } = props.ctx;
  return (
    <form method="get" action={`/k/${clinic.slug}/laporan`} class="card stack">
      <label for="kode">{t("pubTicketLookupLabel")}</label>
      <div class="row">
        <input id="kode" name="kode" type="text" maxlength={20} autocomplete="off" placeholder="XXXXX-XXXXX" required />
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <div>
          <button type="submit" class="button secondary">
            {t("pubTicketLookup")}
          </button>
        </div>
      </div>
    </form>
  );
}

const STAGES: { stage: ReportStage; label: MsgKey }[] = [
  { stage: "received", label: "pubStageReceived" },
  { stage: "in_review", label: "pubStageReview" },
  { stage: "decided", label: "pubStageVerdict" },
  { stage: "clarified", label: "pubStageClarified" },
];

/** A report's progress by its ticket: stages, the verdict, the clarification once published. Never the contact. */
export function TicketPage(props: { ctx: ClinicCtx; path: string; tz: string; status: ReportStatus; fresh: boolean }) {
  const { t, lang } = props.ctx;
  const s = props.status;
  const at = STAGES.findIndex((x) => x.stage === s.stage);
  return (
    <PublicLayout ctx={props.ctx} title={t("pubTicketTitle")} nav="report" path={props.path}>
      <h1>{t("pubTicketTitle")}</h1>
      {props.fresh ? (
        <p class="notice ok" role="status">
          {t("pubTicketThanks")}
        </p>
      ) : null}
      <div class="card">
        <p class="muted">{t("pubTicketCode")}</p>
        <p class="ticket" data-ticket>
          {s.ticket}
        </p>
        <p class="small">{t("pubTicketKeep")}</p>
        <p class="muted small">
          {t("pubReceivedAt")}: {formatDateTime(s.receivedAt, props.tz, lang)}
        </p>
      </div>
      <ol class="stages card" data-stage={s.stage}>
        {STAGES.map((x, i) => (
          <li
            class={`${i <= at ? "done" : ""}${i === at ? " current" : ""}`.trim() || undefined}
            aria-current={i === at ? "step" : undefined}
          >
            {t(x.label)}
            {i === at ? <span class="sr-only"> ({t("pubStageNow")})</span> : null}
          </li>
        ))}
      </ol>
      {s.verdict ? (
        <p>
          {t("pubTicketVerdict")}: <VerdictLabel verdict={s.verdict} ctx={props.ctx} />
        </p>
      ) : null}
      {s.clarification ? (
        <div class="card">
          <VerdictLabel verdict={s.clarification.verdict} ctx={props.ctx} />
          <p>
            <UserText text={s.clarification.title} />
          </p>
          <a class="button" href={pubHref(props.ctx, s.clarification.path)} data-clarification-link>
            {t("pubTicketRead")}
          </a>
        </div>
      ) : null}
    </PublicLayout>
  );
}
