/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { StatsReport, StatsScopeName } from "../../services/stats-report.ts";
import { Layout, type PageCtx } from "../layout.tsx";
import { StatsFiguresView } from "./stats-view.tsx";

/** The page's query as it appears in its URL (Indonesian names, like the queue's). */
export interface StatsParams {
  dari: string;
  sampai: string;
  cakupan: StatsScopeName;
  klinik: string;
}

export function statsQueryString(p: StatsParams): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v && !(k === "cakupan" && v === "clinic")) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The staff's statistics: their clinic's, a province's with its regencies side by side, or (operator) the instance's. */
export function StatsPage(props: {
  ctx: PageCtx & { csrf: string };
  r: StatsReport;
  params: StatsParams;
  scopes: StatsScopeName[];
}) {
  const { r, params } = props;
  const { t, lang } = props.ctx;
  const name = r.clinic?.publicName ?? t("statsInstance");
  const scopeLabel = {
    clinic: t("statsScopeClinic"),
    province: t("statsScopeProvince"),
    instance: t("statsScopeInstance"),
  };
  const query = statsQueryString({ ...params, dari: r.period.from, sampai: r.period.to });
  return (
    <Layout ctx={props.ctx} title={t("statsTitle")} page="stats" wide>
      <h1>
        {t("statsTitle")} · {name}
      </h1>
      <form method="get" action="/statistik" class="filters" aria-label={t("statsPeriod")}>
        <div class="field">
          <label for="s-dari">{t("statsFrom")}</label>
          <input id="s-dari" name="dari" type="date" value={r.period.from} />
        </div>
        <div class="field">
          <label for="s-sampai">{t("statsTo")}</label>
          <input id="s-sampai" name="sampai" type="date" value={r.period.to} />
        </div>
        {props.scopes.length > 1 ? (
          <div class="field">
            <label for="s-cakupan">{t("statsScope")}</label>
            <select id="s-cakupan" name="cakupan">
              {props.scopes.map((s) => (
                <option value={s} selected={r.scope === s}>
                  {scopeLabel[s]}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {params.klinik ? <input type="hidden" name="klinik" value={params.klinik} /> : null}
        <div class="actions">
          <button type="submit" class="primary">
            {t("statsShow")}
          </button>
        </div>
      </form>
      <p class="muted">
        {t("statsPeriod")}: {r.period.from} – {r.period.to} · {t("statsTimezone")}: {r.period.timezone} ·{" "}
        {t("statsDownload")}: <a href={`/statistik.csv${query}`}>CSV</a> · <a href={`/statistik.json${query}`}>JSON</a>
      </p>
      <StatsFiguresView r={r} t={t} lang={lang} publicMode={false} />
    </Layout>
  );
}
