/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { STATS_LICENSE } from "../../services/stats-export.ts";
import type { StatsReport } from "../../services/stats-report.ts";
import { type PublicCtx, PublicLayout, pubHref } from "../public-layout.tsx";
import { StatsFiguresView } from "./stats-view.tsx";

/**
 * Open data of a clinic (a province's with its regencies side by side) or of the
 * whole instance: public aggregates only, top claims only when clarified, and the
 * downloads with their metadata block.
 */
export function PublicStatsPage(props: { ctx: PublicCtx; path: string; r: StatsReport; action: string; api: string }) {
  const { r, ctx } = props;
  const { t, lang } = ctx;
  const name = r.clinic?.publicName ?? t("statsInstance");
  const q = `?from=${r.period.from}&to=${r.period.to}`;
  return (
    <PublicLayout ctx={ctx} title={`${t("statsPublicTitle")} · ${name}`} nav="stats" path={props.path}>
      <h1>
        {t("statsPublicTitle")} · {name}
      </h1>
      <form method="get" action={props.action} class="filters" aria-label={t("statsPeriod")}>
        <div class="field">
          <label for="s-dari">{t("statsFrom")}</label>
          <input id="s-dari" name="dari" type="date" value={r.period.from} />
        </div>
        <div class="field">
          <label for="s-sampai">{t("statsTo")}</label>
          <input id="s-sampai" name="sampai" type="date" value={r.period.to} />
        </div>
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <button type="submit">{t("statsShow")}</button>
      </form>
      <p class="muted">
        {t("statsPeriod")}: {r.period.from} – {r.period.to} · {t("statsTimezone")}: {r.period.timezone}
        {r.clinic?.regionCode ? ` · ${t("statsRegionCode")}: ${r.clinic.regionCode}` : ""}
      </p>
      <p>
        {t("statsDownload")}:{" "}
        <a href={`${props.api}.csv${q}`} download>
          CSV
        </a>{" "}
        ·{" "}
        <a href={`${props.api}${q}`} download>
          JSON
        </a>{" "}
        · {t("statsLicense")}:{" "}
        <a href={STATS_LICENSE.url} rel="license noopener noreferrer">
          {STATS_LICENSE.id}
        </a>
      </p>
      <StatsFiguresView r={r} t={t} lang={lang} publicMode />
      {r.clinic ? (
        <p>
          <a href={pubHref(ctx, "/data")}>{t("statsInstance")}</a>
        </p>
      ) : null}
    </PublicLayout>
  );
}
