/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isVerdict } from "@klinik/core";
import type { ItemKind, StatsFigures, StatsReport, Timing, VerdictKey } from "../../services/stats-report.ts";
import { HorizontalBars, type Series, StackedBars } from "../charts.tsx";
import { UserText } from "../components.tsx";
import { type Lang, type MsgKey, type T, verdictLabel } from "../i18n.ts";
import { assetUrl } from "../static-assets.ts";

/** The figures of a statistics report: what the staff page and the public pages both show. */

const KIND_COLORS: Record<ItemKind, [string, MsgKey]> = {
  rss: ["#1d4ed8", "kindRss"],
  mastodon: ["#7c3aed", "kindMastodon"],
  youtube: ["#dc2626", "kindYoutube"],
  telegram: ["#0891b2", "kindTelegram"],
  webhook: ["#4b5563", "kindWebhook"],
  report: ["#d97706", "kindReport"],
  api: ["#059669", "kindApi"],
};
const VERDICT_COLORS: Record<VerdictKey, string> = {
  false: "#b91c1c",
  misleading: "#d97706",
  true: "#15803d",
  unproven: "#6b7280",
  none: "#cbd5e1",
};

export function verdictKeyLabel(v: VerdictKey | string | null, t: T, lang: Lang): string {
  return isVerdict(v) ? verdictLabel(v, lang) : t("statsUndecided");
}

/** "2 jam 5 menit", "3 hari 4 jam", "12 menit"; "—" when nothing was measured. */
export function formatDuration(seconds: number | null, t: T): string {
  if (seconds === null) return t("statsNone");
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} ${t("durMinutes")}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} ${t("durHours")}${m % 60 ? ` ${m % 60} ${t("durMinutes")}` : ""}`;
  const d = Math.floor(h / 24);
  return `${d} ${t("durDays")}${h % 24 ? ` ${h % 24} ${t("durHours")}` : ""}`;
}

function TimingText(props: { timing: Timing; t: T }) {
  const { timing, t } = props;
  return (
    <>
      {t("statsMedian")} {formatDuration(timing.medianSeconds, t)} · {t("statsP90")}{" "}
      {formatDuration(timing.p90Seconds, t)}{" "}
      <small>
        ({timing.claims} {t("statsClaims")})
      </small>
    </>
  );
}

export function Summary(props: { f: StatsFigures; t: T }) {
  const { f, t } = props;
  const card = (label: string, value: string | number, key: string) => (
    <div class="stat" data-stat={key}>
      <dt>{label}</dt>
      <dd>{String(value)}</dd>
    </div>
  );
  return (
    <dl class="stats-summary">
      {card(t("statsItems"), f.totals.items, "items")}
      {card(t("statsReports"), f.totals.reports, "reports")}
      {card(t("statsDecided"), f.totals.claimsDecided, "decided")}
      {card(t("statsClarified"), f.totals.claimsClarified, "clarified")}
      <div class="stat wide" data-stat="to-verdict">
        <dt>{t("statsToVerdict")}</dt>
        <dd>
          <TimingText timing={f.timeToVerdict} t={t} />
        </dd>
      </div>
      <div class="stat wide" data-stat="to-clarification">
        <dt>{t("statsToClarification")}</dt>
        <dd>
          <TimingText timing={f.timeToClarification} t={t} />
        </dd>
      </div>
    </dl>
  );
}

export function StatsFiguresView(props: { r: StatsReport; t: T; lang: Lang; publicMode: boolean }) {
  const { r, t, lang } = props;
  // Only kinds that occur, so a clinic with feeds and reports gets two colours, not seven.
  const kinds = (Object.keys(KIND_COLORS) as ItemKind[]).filter((k) => r.byKind[k] > 0);
  const kindSeries: Series[] = kinds.map((k) => ({ key: k, label: t(KIND_COLORS[k][1]), color: KIND_COLORS[k][0] }));
  const verdictSeries: Series[] = (Object.keys(VERDICT_COLORS) as VerdictKey[])
    .filter((v) => r.byVerdict[v] > 0)
    .map((v) => ({ key: v, label: verdictKeyLabel(v, t, lang), color: VERDICT_COLORS[v] }));
  return (
    <>
      {/* Both the staff and the public layout carry their own stylesheet; the figures' one is shared. */}
      <link rel="stylesheet" href={assetUrl("stats.css")} />
      <Summary f={r} t={t} />
      <p class="muted">{t("statsHowMeasured")}</p>
      <StackedBars
        id="chart-kind"
        title={t("statsByKind")}
        days={r.days.map((d) => ({ date: d.date, values: d.byKind }))}
        series={kindSeries}
        dateLabel={t("statsDate")}
        totalLabel={t("statsTotal")}
      />
      <StackedBars
        id="chart-verdict"
        title={t("statsByVerdict")}
        days={r.days.map((d) => ({ date: d.date, values: d.byVerdict }))}
        series={verdictSeries}
        dateLabel={t("statsDate")}
        totalLabel={t("statsTotal")}
      />
      <StackedBars
        id="chart-clarified"
        title={t("statsClarifiedPerDay")}
        days={r.days.map((d) => ({ date: d.date, values: { clarified: d.claimsClarified } }))}
        series={[{ key: "clarified", label: t("statsClarified"), color: "#15803d" }]}
        dateLabel={t("statsDate")}
        totalLabel={t("statsTotal")}
      />
      {r.clinics.length > 0 ? <SideBySide r={r} t={t} /> : null}
      <TopClaims r={r} t={t} lang={lang} publicMode={props.publicMode} />
    </>
  );
}

function SideBySide(props: { r: StatsReport; t: T }) {
  const { r, t } = props;
  return (
    <section aria-labelledby="side-by-side">
      <h2 id="side-by-side">{t("statsSideBySide")}</h2>
      <HorizontalBars
        id="chart-clinics"
        title={t("statsItemsPerClinic")}
        rows={r.clinics.map((c) => ({ label: c.publicName, value: c.totals.items }))}
      />
      <div class="table-scroll">
        <table class="data" data-clinics>
          <thead>
            <tr>
              <th scope="col">{t("statsClinic")}</th>
              <th scope="col">{t("statsRegionCode")}</th>
              <th scope="col">{t("statsItems")}</th>
              <th scope="col">{t("statsReports")}</th>
              <th scope="col">{t("statsDecided")}</th>
              <th scope="col">{t("statsClarified")}</th>
              <th scope="col">{t("statsToVerdict")}</th>
              <th scope="col">{t("statsToClarification")}</th>
            </tr>
          </thead>
          <tbody>
            {r.clinics.map((c) => (
              <tr data-clinic={c.slug}>
                <th scope="row">{c.publicName}</th>
                <td>{c.regionCode ?? ""}</td>
                <td>{String(c.totals.items)}</td>
                <td>{String(c.totals.reports)}</td>
                <td>{String(c.totals.claimsDecided)}</td>
                <td>{String(c.totals.claimsClarified)}</td>
                <td>
                  <TimingText timing={c.timeToVerdict} t={t} />
                </td>
                <td>
                  <TimingText timing={c.timeToClarification} t={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TopClaims(props: { r: StatsReport; t: T; lang: Lang; publicMode: boolean }) {
  const { r, t, lang } = props;
  return (
    <section aria-labelledby="top-claims">
      <h2 id="top-claims">{props.publicMode ? t("statsTopPublic") : t("statsTop")}</h2>
      {r.topClaims.length === 0 ? (
        <p class="muted">{t("statsTopEmpty")}</p>
      ) : (
        <ol class="top-claims">
          {r.topClaims.map((c) => {
            const href = c.clarification_id ? `/k/${c.clinic_slug}/klarifikasi/${c.clarification_id}` : undefined;
            return (
              <li data-claim={c.cluster_id}>
                <span class={`${props.publicMode ? "verdict" : "badge"} v-${c.verdict ?? "none"}`}>
                  {verdictKeyLabel(c.verdict, t, lang)}
                </span>{" "}
                {props.publicMode ? null : (
                  <a href={`/klaster/${c.cluster_id}?klinik=${c.tenant_id}`}>
                    <UserText text={c.excerpt ?? ""} />
                  </a>
                )}
                {href ? (
                  <>
                    {props.publicMode ? null : " → "}
                    <a href={href}>
                      <UserText text={c.clarification_title ?? ""} />
                    </a>
                  </>
                ) : null}{" "}
                <small>
                  ({c.items} {t("statsItems").toLowerCase()})
                </small>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
