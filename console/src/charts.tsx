import { useId, type ReactNode } from "react";

/**
 * Small charts drawn as inline SVG: a column per bucket, or lines over the buckets. No chart
 * library: the overview needs a few charts of at most a few hundred points, which is less
 * code than a library's configuration, adds nothing to the bundle and keeps full control of
 * colours (the theme's CSS variables, light and dark) and accessibility (each chart is an
 * image with a name and a summary; the numbers are in a table beside it).
 */
export interface Point {
  /** The bucket's label (its first day). */
  label: string;
  value: number | null;
}

/** One line of a {@link LinesChart}: its name and a value per bucket. */
export interface Series {
  name: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 24, left: 48 };

/** Where bucket `i` and value `v` stand, for `count` buckets up to `top`. */
function scale(count: number, top: number) {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = count ? innerW / count : innerW;
  return {
    step,
    x: (i: number) => PAD.left + step * i + step / 2,
    y: (v: number) => PAD.top + innerH - (innerH * v) / top,
  };
}

/**
 * A chart's frame: its caption, the image (named by the caption and `summary`), the axis,
 * the top and zero ticks (`ticks`) and every few buckets' labels; the series are
 * `children`, a legend may come `after`.
 */
function Frame({
  title,
  summary,
  ticks,
  labels,
  at,
  wide = false,
  children,
  after,
}: {
  title: string;
  summary: string;
  ticks: [top: string, zero: string];
  labels: string[];
  at: ReturnType<typeof scale> & { top: number };
  wide?: boolean;
  children: ReactNode;
  after?: ReactNode;
}) {
  const id = useId();
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <figure className={wide ? "chart lines" : "chart"}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
        preserveAspectRatio="none"
      >
        <desc id={`${id}-summary`}>{summary}</desc>
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={at.y(0)} y2={at.y(0)} />
        <text className="tick" x={PAD.left - 6} y={at.y(at.top) + 4} textAnchor="end">
          {ticks[0]}
        </text>
        <text className="tick" x={PAD.left - 6} y={at.y(0)} textAnchor="end">
          {ticks[1]}
        </text>
        {children}
        {labels.map((label, i) =>
          i % every === 0 ? (
            <text key={label} className="tick" x={at.x(i)} y={HEIGHT - 6} textAnchor="middle">
              {label.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
      {after}
    </figure>
  );
}

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
  const values = points.map((p) => p.value ?? 0);
  const top = Math.max(1e-9, ...values);
  const total = values.reduce((a, b) => a + b, 0);
  const at = { ...scale(points.length, top), top };
  const summary = line
    ? `${title}: from ${format(values[0] ?? 0)} to ${format(values.at(-1) ?? 0)}, highest ${format(top)}.`
    : `${title}: ${format(total)} in all, at most ${format(Math.max(0, ...values))} in one period.`;
  const path = points
    .map((p, i) => (p.value === null ? null : `${at.x(i).toFixed(1)},${at.y(p.value).toFixed(1)}`))
    .filter(Boolean)
    .join(" ");
  return (
    <Frame
      title={title}
      summary={summary}
      ticks={[format(top), format(0)]}
      labels={points.map((p) => p.label)}
      at={at}
    >
      {line ? (
        <polyline className="series-line" points={path} fill="none" />
      ) : (
        points.map((p, i) => (
          <rect
            key={p.label}
            className="series-bar"
            x={PAD.left + at.step * i + at.step * 0.15}
            width={Math.max(1, at.step * 0.7)}
            y={at.y(p.value ?? 0)}
            height={Math.max(0, at.y(0) - at.y(p.value ?? 0))}
          >
            <title>{`${p.label}: ${format(p.value ?? 0)}`}</title>
          </rect>
        ))
      )}
    </Frame>
  );
}

/**
 * Several counts over the same buckets as lines (the funnel's steps over time): each line
 * has its own colour and dash pattern (told apart without colour too), a legend names
 * them, and the image's summary gives each line's total.
 */
export function LinesChart({
  title,
  labels,
  series,
}: {
  title: string;
  /** The buckets' labels (their first days). */
  labels: string[];
  series: Series[];
}) {
  const top = Math.max(1, ...series.flatMap((s) => s.values));
  const at = { ...scale(labels.length, top), top };
  const totals = series.map((s) => s.values.reduce((a, b) => a + b, 0));
  const summary = `${title}: ${series.map((s, i) => `${s.name} ${totals[i]}`).join(", ")} in all.`;
  const legend = (
    <ul className="legend" aria-hidden="true">
      {series.map((s, n) => (
        <li key={s.name}>
          <svg viewBox="0 0 24 8" className="swatch">
            <line className={`series-line series-${n}`} x1="0" x2="24" y1="4" y2="4" />
          </svg>
          {s.name}
        </li>
      ))}
    </ul>
  );
  return (
    <Frame
      title={title}
      summary={summary}
      ticks={[String(top), "0"]}
      labels={labels}
      at={at}
      wide
      after={legend}
    >
      {series.map((s, n) => (
        <polyline
          key={s.name}
          className={`series-line series-${n}`}
          points={s.values.map((v, i) => `${at.x(i).toFixed(1)},${at.y(v).toFixed(1)}`).join(" ")}
          fill="none"
        >
          <title>{`${s.name}: ${totals[n]}`}</title>
        </polyline>
      ))}
    </Frame>
  );
}
