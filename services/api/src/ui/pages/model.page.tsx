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

/**
 * Which model a page shows: the clinic's own (`/model`, its admins train and roll back)
 * or the instance-wide one (`/model/instansi`, the operator's alone). The same page and
 * forms serve both; only the path, the words and the nav entry differ.
 */
export type ModelScope = "clinic" | "instance";

const SCOPE = {
  clinic: {
    path: "/model",
    title: "modelTitle",
    intro: "modelIntro",
    none: "modelBase",
    page: "model",
    rescores: { label: "modelConfirmItems", attr: "data-items" },
  },
  instance: {
    path: "/model/instansi",
    title: "instanceModelTitle",
    intro: "instanceModelIntro",
    none: "instanceModelNone",
    page: "instance-model",
    rescores: { label: "modelConfirmClinics", attr: "data-clinics" },
  },
} as const satisfies Record<
  ModelScope,
  {
    path: string;
    title: MsgKey;
    intro: MsgKey;
    none: MsgKey;
    page: string;
    /** What a rollback re-scores (open items of the clinic, or clinics), as the confirmation says it. */
    rescores: { label: MsgKey; attr: `data-${string}` };
  }
>;

/** Where a scope's pages and forms live. */
export const modelPath = (scope: ModelScope) => SCOPE[scope].path;

/** A held-out AUC from a run's figures ({candidate, active}), or a dash when it was not measured. */
function auc(metrics: Record<string, unknown>, who: "candidate" | "active"): string {
  const m = metrics[who] as { auc?: unknown } | null | undefined;
  return typeof m?.auc === "number" ? m.auc.toFixed(3) : "—";
}

type Ctx = PageCtx & { csrf: string };

export function ModelPage(props: {
  ctx: Ctx;
  tz: string;
  scope: ModelScope;
  active: ModelRunView | null;
  /** A clinic without a model of its own: the instance model's version that scores it (null: the base model). */
  instanceVersion?: string | null | undefined;
  training: boolean;
  runs: ModelRunView[];
  /** Who may retrain and roll back (clinic admins; the operator); everyone else reads. */
  canTrain: boolean;
  notice?: string | undefined;
}) {
  const { t, lang, csrf } = props.ctx;
  const s = SCOPE[props.scope];
  return (
    <Layout ctx={props.ctx} title={t(s.title)} page={s.page} wide>
      <h1>{t(s.title)}</h1>
      <p class="muted">{t(s.intro)}</p>
      {props.notice ? <Notice tone="ok">{props.notice}</Notice> : null}
      <Section id="aktif" title={t("modelActive")} class="card narrow">
        <p data-active-model={props.active?.version ?? (props.instanceVersion ? "instance" : "base")}>
          {props.active ? (
            `${props.active.version} · ${formatDateTime(props.active.activatedAt ?? props.active.createdAt, props.tz, lang)}`
          ) : props.instanceVersion ? (
            <span id="scored-by-instance">
              {t("modelScoredByInstance")} <code>{props.instanceVersion}</code>
            </span>
          ) : (
            t(s.none)
          )}
        </p>
        {props.training ? <p role="status">{t("modelTraining")}</p> : null}
        {props.canTrain ? (
          <form method="post" action={`${s.path}/latih`} class="inline">
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
        <RunsTable ctx={props.ctx} tz={props.tz} path={s.path} runs={props.runs} canTrain={props.canTrain} />
      )}
    </Layout>
  );
}

function RunsTable(props: { ctx: Ctx; tz: string; path: string; runs: ModelRunView[]; canTrain: boolean }) {
  const { t, lang, csrf } = props.ctx;
  return (
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
                <form method="post" action={`${props.path}/${r.id}/aktifkan`} class="inline">
                  <CsrfField csrf={csrf} />
                  <button type="submit">{t("modelActivate")}</button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * "Make this model active again?": the model active now and the run that replaces it, each
 * with its held-out figures, and how much re-scores with it (a clinic's open items, or the
 * clinics the instance model scores); the one button confirms (works without JavaScript).
 */
export function ModelActivateConfirmPage(props: {
  ctx: Ctx;
  tz: string;
  scope: ModelScope;
  run: ModelRunView;
  active: ModelRunView | null;
  rescores: number;
}) {
  const { t, csrf } = props.ctx;
  const s = SCOPE[props.scope];
  return (
    <Layout ctx={props.ctx} title={t("modelConfirmTitle")} page={s.page}>
      <h1>{t("modelConfirmTitle")}</h1>
      <div class="card" id="confirm-model">
        <table>
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">{t("navModel")}</span>
              </th>
              <th scope="col">{t("modelVersion")}</th>
              <th scope="col">{t("modelCreated")}</th>
              <th scope="col">{t("modelHeldOut")}</th>
            </tr>
          </thead>
          <tbody>
            <ConfirmRow ctx={props.ctx} tz={props.tz} label="modelConfirmNow" run={props.active} none={s.none} />
            <ConfirmRow ctx={props.ctx} tz={props.tz} label="modelConfirmNext" run={props.run} none={s.none} />
          </tbody>
        </table>
        <dl class="facts">
          <dt>{t(s.rescores.label)}</dt>
          <dd {...{ [s.rescores.attr]: props.rescores }}>{props.rescores}</dd>
        </dl>
      </div>
      <div class="actions">
        <form method="post" action={`${s.path}/${props.run.id}/aktifkan`} class="inline">
          <CsrfField csrf={csrf} />
          <input type="hidden" name="konfirmasi" value="ya" />
          <button type="submit" class="primary">
            {t("modelConfirm")}
          </button>
        </form>{" "}
        <a href={s.path} class="button">
          {t("cancel")}
        </a>
      </div>
    </Layout>
  );
}

/** One model of the confirmation: its version, when it was trained, its held-out figures (or that none is active). */
function ConfirmRow(props: { ctx: Ctx; tz: string; label: MsgKey; run: ModelRunView | null; none: MsgKey }) {
  const { t, lang } = props.ctx;
  const r = props.run;
  return (
    <tr data-confirm-model={r?.version ?? "none"}>
      <th scope="row">{t(props.label)}</th>
      {r ? (
        <>
          <td>
            <code>{r.version}</code>
          </td>
          <td>{formatDateTime(r.createdAt, props.tz, lang)}</td>
          <td>{`${auc(r.metrics, "candidate")} / ${auc(r.metrics, "active")}`}</td>
        </>
      ) : (
        <td colspan={3}>{t(props.none)}</td>
      )}
    </tr>
  );
}
