/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { QUEUE_STATUSES, VERDICTS } from "@klinik/core";
import type { Child } from "hono/jsx";
import { statusLabel, verdictLabel } from "../i18n.ts";
import { filterConflicts } from "../queue-params.ts";
import type { QueuePageProps } from "./queue-props.ts";

/** The queue's filters (folded on a phone and in compact mode) and what they cannot match together. */
export function Filters(p: QueuePageProps) {
  const { t, lang } = p.ctx;
  const f = p.params;
  return (
    // Compact mode starts with the filters folded, so the claims fill the screen.
    <details class="fold" open={!f.ringkas} data-fold>
      <summary>{t("filters")}</summary>
      <form method="get" action="/antrean" class="filters" aria-label={t("filters")}>
        {f.klinik ? <input type="hidden" name="klinik" value={f.klinik} /> : null}
        {f.ringkas ? <input type="hidden" name="tampilan" value="ringkas" /> : null}
        <Field id="f-q" label={t("search")} size="grow">
          <input id="f-q" name="q" type="search" value={f.q} maxlength={200} />
        </Field>
        <Field id="f-status" label={t("status")}>
          <select id="f-status" name="status">
            <option value="open" selected={f.status === "open"}>
              {t("statusOpen")}
            </option>
            {QUEUE_STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>
                {statusLabel(s, lang)}
              </option>
            ))}
            <option value="all" selected={f.status === "all"}>
              {t("statusAll")}
            </option>
          </select>
        </Field>
        <ScoreBound name="min" label={t("scoreMin")} value={f.min} />
        <ScoreBound name="max" label={t("scoreMax")} value={f.max} />
        <Field id="f-src" label={t("source")}>
          <select id="f-src" name="sumber">
            <option value="">{t("anySource")}</option>
            {p.sources.map((s) => (
              <option value={s.id} selected={f.sumber === s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-dari" label={t("dateFrom")}>
          <input id="f-dari" name="dari" type="date" value={f.dari} />
        </Field>
        <Field id="f-sampai" label={t("dateTo")}>
          <input id="f-sampai" name="sampai" type="date" value={f.sampai} />
        </Field>
        <Field id="f-tugas" label={t("assignment")}>
          <select id="f-tugas" name="tugas">
            <option value="">{t("anyAssignee")}</option>
            <option value="saya" selected={f.tugas === "saya"}>
              {t("assignedToMe")}
            </option>
            <option value="kosong" selected={f.tugas === "kosong"}>
              {t("unassignedOnly")}
            </option>
          </select>
        </Field>
        <Field id="f-verdict" label={t("verdict")}>
          <select id="f-verdict" name="putusan">
            <option value="">{t("anyVerdict")}</option>
            {VERDICTS.map((v) => (
              <option value={v} selected={f.putusan === v}>
                {verdictLabel(v, lang)}
              </option>
            ))}
          </select>
        </Field>
        <div class="actions">
          <button type="submit" class="primary">
            {t("apply")}
          </button>
          <a href="/antrean">{t("reset")}</a>
        </div>
      </form>
    </details>
  );
}

/** Filters that cannot match together, said in words, each with a link that fixes it. */
export function Conflicts(p: QueuePageProps) {
  const { t } = p.ctx;
  const list = filterConflicts(p.params);
  if (list.length === 0) return null;
  return (
    <div class="notice warn" role="status" id="filter-conflict">
      <strong>{t("filterConflict")}</strong>
      <ul>
        {list.map((c) => (
          <li>
            {t(c.problem)} <a href={`/antrean${c.fix}`}>{t(c.fixLabel)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One labelled filter; `size` widens the search box or narrows the score boxes. */
function Field(props: { id: string; label: string; size?: "grow" | "small"; children: Child }) {
  return (
    <div class={props.size ? `field ${props.size}` : "field"}>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/** A bound of the score filter in percent, empty while the filter has none. */
function ScoreBound(props: { name: "min" | "max"; label: string; value: number | undefined }) {
  const id = `f-${props.name}`;
  const value = props.value === undefined ? "" : String(props.value);
  return (
    <Field id={id} label={props.label} size="small">
      <input id={id} name={props.name} type="number" min={0} max={100} step={1} value={value} />
    </Field>
  );
}
