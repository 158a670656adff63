/** @jsxRuntime automatic @jsxImportSource hono/jsx */

/**
 * Charts drawn on the server as SVG, so a page shows them without a script or a
 * client build (and under the pages' CSP: colours are presentation attributes,
 * not styles). Every label goes through JSX, which escapes it; every chart has a
 * data table beside it for screen readers and for copying figures. A chart
 * library would bring a client bundle or a DOM shim for the few shapes needed
 * here: stacked bars per day and horizontal bars per clinic.
 */

export interface Series {
  key: string;
  label: string;
  color: string;
}

/** A step of 1, 2 or 5 × 10^k giving at most five gridlines up to `max`. */
export function niceStep(max: number): number {
  if (max <= 5) return 1;
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

const W = 720;
const H = 220;
const LEFT = 44;
const BOTTOM = 26;
const TOP = 8;

/** "03/11" of "2026-11-03". */
const shortDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}`;

/** Bars per day, each stacked by series (e.g. items by source kind). */
export function StackedBars(props: {
  id: string;
  title: string;
  days: { date: string; values: Record<string, number> }[];
  series: Series[];
  /** Heading of the table's first column. */
  dateLabel: string;
  totalLabel: string;
}) {
  const { days, series } = props;
  const totals = days.map((d) => series.reduce((s, x) => s + (d.values[x.key] ?? 0), 0));
  const step = niceStep(Math.max(1, ...totals));
  const top = Math.max(step, Math.ceil(Math.max(1, ...totals) / step) * step);
  const plotW = W - LEFT - 8;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.8);
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const every = Math.max(1, Math.ceil(days.length / 10));
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  return (
    <figure class="chart" id={props.id}>
      <figcaption>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-t`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${props.id}-t`}>{props.title}</title>
        {ticks.map((v) => (
          <g>
            <line x1={LEFT} x2={W - 8} y1={y(v)} y2={y(v)} stroke="#d5dbe3" stroke-width="1" />
            <text x={LEFT - 6} y={y(v) + 4} text-anchor="end" font-size="11" fill="#4a5563">
              {String(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          let acc = 0;
          const x = LEFT + i * slot + (slot - barW) / 2;
          const parts = series.filter((s) => (d.values[s.key] ?? 0) > 0);
          return (
            <g data-date={d.date}>
              <title>{`${d.date}: ${totals[i]} (${parts.map((s) => `${s.label} ${d.values[s.key]}`).join(", ")})`}</title>
              {parts.map((s) => {
                const v = d.values[s.key] ?? 0;
                const rect = <rect x={x} y={y(acc + v)} width={barW} height={y(acc) - y(acc + v)} fill={s.color} />;
                acc += v;
                return rect;
              })}
              {i % every === 0 ? (
                <text x={x + barW / 2} y={H - 8} text-anchor="middle" font-size="11" fill="#4a5563">
                  {shortDate(d.date)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {series.map((s) => (
          <li>
            <svg width="12" height="12" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">
              <rect width="12" height="12" fill={s.color} />
            </svg>{" "}
            {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>{props.title}</summary>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{props.dateLabel}</th>
              {series.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
              <th scope="col">{props.totalLabel}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr>
                <th scope="row">{d.date}</th>
                {series.map((s) => (
                  <td>{String(d.values[s.key] ?? 0)}</td>
                ))}
                <td>{String(totals[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** One horizontal bar per row (e.g. items per regency), labelled with its value. */
export function HorizontalBars(props: {
  id: string;
  title: string;
  rows: { label: string; value: number }[];
  color?: string;
}) {
  const rowH = 24;
  const labelW = 220;
  const height = Math.max(1, props.rows.length) * rowH + 8;
  const max = Math.max(1, ...props.rows.map((r) => r.value));
  const plotW = W - labelW - 60;
  return (
    <figure class="chart" id={props.id}>
      <figcaption>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-t`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${props.id}-t`}>{props.title}</title>
        {props.rows.map((r, i) => {
          const yTop = 4 + i * rowH;
          const w = (r.value / max) * plotW;
          return (
            <g>
              <title>{`${r.label}: ${r.value}`}</title>
              <text x={labelW - 8} y={yTop + 16} text-anchor="end" font-size="12" fill="#1f2933">
                {r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label}
              </text>
              <rect x={labelW} y={yTop + 4} width={Math.max(0, w)} height={rowH - 8} fill={props.color ?? "#1d4ed8"} />
              <text x={labelW + w + 6} y={yTop + 16} font-size="12" fill="#1f2933">
                {String(r.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
