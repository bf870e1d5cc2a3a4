import { useId } from "react";

/**
 * Small charts drawn as inline SVG: a column per bucket, an optional line over it. No chart
 * library: the overview needs three charts of at most a few hundred points, which is less
 * code than a library's configuration, adds nothing to the bundle and keeps full control of
 * colours (the theme's CSS variables, light and dark) and accessibility (each chart is an
 * image with a name and a summary; the numbers are in a table beside it).
 */
export interface Point {
  /** The bucket's label (its first day). */
  label: string;
  value: number | null;
}

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 24, left: 48 };

export function ColumnChart({
  title,
  points,
  format = (v) => String(v),
  line = false,
}: {
  title: string;
  points: Point[];
  format?: (value: number) => string;
  /** Draw a line through the points instead of columns (rates). */
  line?: boolean;
}) {
  const id = useId();
  const values = points.map((p) => p.value ?? 0);
  const top = Math.max(1e-9, ...values);
  const total = values.reduce((a, b) => a + b, 0);
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = points.length ? innerW / points.length : innerW;
  const y = (v: number) => PAD.top + innerH - (innerH * v) / top;
  const x = (i: number) => PAD.left + step * i + step / 2;
  const summary = line
    ? `${title}: from ${format(values[0] ?? 0)} to ${format(values.at(-1) ?? 0)}, highest ${format(top)}.`
    : `${title}: ${format(total)} in all, at most ${format(Math.max(0, ...values))} in one period.`;
  const every = Math.max(1, Math.ceil(points.length / 8));
  const path = points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter(Boolean)
    .join(" ");
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
        preserveAspectRatio="none"
      >
        <desc id={`${id}-summary`}>{summary}</desc>
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
        <text className="tick" x={PAD.left - 6} y={y(top) + 4} textAnchor="end">
          {format(top)}
        </text>
        <text className="tick" x={PAD.left - 6} y={y(0)} textAnchor="end">
          {format(0)}
        </text>
        {line ? (
          <polyline className="series-line" points={path} fill="none" />
        ) : (
          points.map((p, i) => (
            <rect
              key={p.label}
              className="series-bar"
              x={PAD.left + step * i + step * 0.15}
              width={Math.max(1, step * 0.7)}
              y={y(p.value ?? 0)}
              height={Math.max(0, y(0) - y(p.value ?? 0))}
            >
              <title>{`${p.label}: ${format(p.value ?? 0)}`}</title>
            </rect>
          ))
        )}
        {points.map((p, i) =>
          i % every === 0 ? (
            <text key={p.label} className="tick" x={x(i)} y={HEIGHT - 6} textAnchor="middle">
              {p.label.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
    </figure>
  );
}
