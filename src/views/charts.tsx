import { useView } from './context.ts';

/**
 * Charts drawn on the server as SVG (no JavaScript): each has a title and a description for
 * screen readers, and the figures are always given beside it as a table (see ChartFigure), so
 * nothing is only in the picture. Colours come from the stylesheet (classes), never inline
 * styles: the Content-Security-Policy forbids them.
 */
export interface Bar {
  label: string;
  value: number;
}

const fmt = (locale: string, n: number, digits = 0) => n.toLocaleString(locale, { maximumFractionDigits: digits });

/** Horizontal bars, one per label (a label above its bar: long choices wrap nothing and stay readable at 320 px). */
export function BarChart({
  id,
  title,
  description,
  bars,
  max,
  digits = 0,
}: {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
  max?: number;
  digits?: number;
}) {
  const { locale } = useView();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const row = 40;
  const width = 300;
  const height = bars.length * row + 4;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-titre ${id}-desc`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-titre`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((b, i) => {
        const w = Math.round((b.value / top) * (width - 60));
        const y = i * row;
        return (
          <g>
            <text x="0" y={y + 13} class="chart-label">
              {b.label.length > 44 ? `${b.label.slice(0, 42)}…` : b.label}
            </text>
            <rect x="0" y={y + 18} width={Math.max(w, b.value > 0 ? 2 : 0)} height="16" rx="2" class="chart-bar" />
            <text x={w + 6} y={y + 31} class="chart-value">
              {fmt(locale, b.value, digits)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Vertical columns over time (months), values from 0 to `max`; at most six labels under them, so they stay readable on a phone (the table beside has them all). */
export function ColumnChart({
  id,
  title,
  description,
  bars,
  max,
  digits = 1,
}: {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
  max: number;
  digits?: number;
}) {
  const { locale } = useView();
  const width = 300;
  const plot = 110;
  const height = plot + 34;
  const step = width / Math.max(bars.length, 1);
  const w = Math.min(36, step * 0.7);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-titre ${id}-desc`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-titre`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1="0" y1={plot + 14} x2={width} y2={plot + 14} class="chart-axis" />
      {bars.map((b, i) => {
        const h = Math.round((b.value / max) * plot);
        const x = i * step + (step - w) / 2;
        return (
          <g>
            <rect x={x} y={plot + 14 - h} width={w} height={h} rx="2" class="chart-bar" />
            <text x={x + w / 2} y={plot + 10 - h} class="chart-value" text-anchor="middle">
              {fmt(locale, b.value, digits)}
            </text>
            {bars.length <= 6 || i % Math.ceil(bars.length / 6) === 0 ? (
              <text x={x + w / 2} y={height - 4} class="chart-label" text-anchor="middle">
                {b.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** A chart with its figures beside it as a table (the same numbers, for screen readers and to copy). */
export function ChartFigure({
  chart,
  caption,
  headers,
  rows,
}: {
  chart: unknown;
  caption: string;
  headers: [string, string];
  rows: Array<[string, string]>;
}) {
  return (
    <figure class="chart-figure">
      {chart}
      <table class="chart-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{headers[0]}</th>
            <th scope="col">{headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([a, b]) => (
            <tr>
              <th scope="row">{a}</th>
              <td>{b}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
