/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ModelRunView } from "../../services/model.service.ts";
import { Notice, Section } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import type { MsgKey } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";

const TRIGGER: Record<ModelRunView["trigger"], MsgKey> = {
  threshold: "modelTriggerThreshold",
  schedule: "modelTriggerSchedule",
  request: "modelTriggerRequest",
};

/** A held-out AUC from a run's figures ({candidate, active}), or a dash when it was not measured. */
function auc(metrics: Record<string, unknown>, who: "candidate" | "active"): string {
  const m = metrics[who] as { auc?: unknown } | null | undefined;
  return typeof m?.auc === "number" ? m.auc.toFixed(3) : "—";
}

export function ModelPage(props: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  active: ModelRunView | null;
  training: boolean;
  runs: ModelRunView[];
  /** Clinic admins may retrain and roll back; everyone else reads. */
  canTrain: boolean;
  notice?: string | undefined;
}) {
  const { t, lang, csrf } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t("modelTitle")} page="model" wide>
      <h1>{t("modelTitle")}</h1>
      <p class="muted">{t("modelIntro")}</p>
      {props.notice ? <Notice tone="ok">{props.notice}</Notice> : null}
      <Section id="aktif" title={t("modelActive")} class="card narrow">
        <p data-active-model={props.active?.version ?? "base"}>
          {props.active
            ? `${props.active.version} · ${formatDateTime(props.active.activatedAt ?? props.active.createdAt, props.tz, lang)}`
            : t("modelBase")}
        </p>
        {props.training ? <p role="status">{t("modelTraining")}</p> : null}
        {props.canTrain ? (
          <form method="post" action="/model/latih" class="inline">
            <CsrfField csrf={csrf} />
            <button type="submit" class="primary">
              {t("modelRetrain")}
            </button>
          </form>
        ) : null}
      </Section>
      <h2>{t("modelHistory")}</h2>
      {props.runs.length === 0 ? (
        <p>{t("modelNoRuns")}</p>
      ) : (
        <table class="model-runs">
          <caption class="sr-only">{t("modelHistory")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("modelVersion")}</th>
              <th scope="col">{t("modelCreated")}</th>
              <th scope="col">{t("modelOutcome")}</th>
              <th scope="col">{t("modelTrigger")}</th>
              <th scope="col">{t("modelVerdicts")}</th>
              <th scope="col">{t("modelHeldOut")}</th>
              <th scope="col">
                <span class="sr-only">{t("modelActivate")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.runs.map((r) => (
              <tr data-model-run={r.id}>
                <td data-label={t("modelVersion")}>
                  <code>{r.version}</code>
                </td>
                <td data-label={t("modelCreated")}>{formatDateTime(r.createdAt, props.tz, lang)}</td>
                <td data-label={t("modelOutcome")}>
                  {r.outcome === "promoted" ? t("modelPromoted") : `${t("modelRefused")}: ${r.refusal ?? ""}`}
                </td>
                <td data-label={t("modelTrigger")}>{t(TRIGGER[r.trigger])}</td>
                <td data-label={t("modelVerdicts")}>{`${r.verdicts} (${r.positives} / ${r.heldOut})`}</td>
                <td data-label={t("modelHeldOut")}>{`${auc(r.metrics, "candidate")} / ${auc(r.metrics, "active")}`}</td>
                <td>
                  {r.active ? (
                    <span class="badge ok">{t("modelIsActive")}</span>
                  ) : r.outcome === "promoted" && props.canTrain ? (
                    <form method="post" action={`/model/${r.id}/aktifkan`} class="inline">
                      <CsrfField csrf={csrf} />
                      <button type="submit">{t("modelActivate")}</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
