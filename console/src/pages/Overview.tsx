import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";

import { ColumnChart, LinesChart } from "../charts";
import { ApiError, unwrap } from "../problems";
import { useSession } from "../session";
import { Loading, ProblemNote, Select, money } from "../ui";

const STEPS = [
  ["views", "Views"],
  ["enroll_clicks", "Enroll clicks"],
  ["checkouts_started", "Checkouts started"],
  ["paid", "Paid"],
  ["enrollments", "Enrollments"],
] as const;

/** The funnel's steps the timeseries report counts per bucket. */
const FUNNEL_OVER_TIME = [
  ["views", "Views"],
  ["enroll_clicks", "Enroll clicks"],
  ["checkouts_started", "Checkouts started"],
  ["paid_orders", "Paid"],
  ["enrollments", "Enrollments"],
] as const;

type Interval = "day" | "week";

interface Page {
  total: number;
  items: { id: string }[];
}

/**
 * Plugin counts that need attention: null while the plugin is off (its routes answer 404)
 * or the member's role may not read them (403).
 */
async function whenOn<T>(ask: () => Promise<T>): Promise<T | null> {
  try {
    return await ask();
  } catch (failed) {
    if (failed instanceof ApiError && (failed.status === 404 || failed.status === 403)) {
      return null;
    }
    throw failed;
  }
}

/** Enrollments, revenue, conversion and the funnel over time (the timeseries report) as
 * charts. */
function OverTime() {
  const { api } = useSession();
  const [interval, setPer] = useState<Interval>("day");
  const report = useQuery({
    queryKey: ["timeseries", interval],
    queryFn: async () => {
      const days = interval === "day" ? 30 : 7 * 26;
      const from = new Date(Date.now() - days * 86_400_000).toISOString();
      return unwrap(
        await api.GET("/v1/admin/reports/timeseries", { params: { query: { interval, from } } }),
      );
    },
  });
  const buckets = report.data?.buckets ?? [];
  // Revenue in the currency that earned most (others are listed under the chart).
  const byCurrency = new Map<string, number>();
  for (const bucket of buckets) {
    for (const r of bucket.revenue ?? []) {
      byCurrency.set(r.currency ?? "", (byCurrency.get(r.currency ?? "") ?? 0) + (r.amount ?? 0));
    }
  }
  const currencies = [...byCurrency.entries()].sort((a, b) => b[1] - a[1]);
  const main = currencies[0]?.[0] ?? "";
  const point = (label: string | undefined, value: number | null) => ({ label: label ?? "", value });
  return (
    <section aria-labelledby="over-time-title">
      <h2 id="over-time-title">Over time</h2>
      <div className="search">
        <Select
          label="Per"
          value={interval}
          onChange={(e) => setPer(e.target.value as Interval)}
        >
          <option value="day">day (last 30 days)</option>
          <option value="week">week (last 26 weeks)</option>
        </Select>
      </div>
      {report.isPending ? <Loading what="the report over time" /> : null}
      <ProblemNote error={report.error} />
      {report.data ? (
        <div className="charts">
          <ColumnChart
            title="Enrollments"
            points={buckets.map((b) => point(b.start, b.enrollments ?? 0))}
          />
          <ColumnChart
            title={main ? `Revenue (${main})` : "Revenue"}
            points={buckets.map((b) =>
              point(b.start, b.revenue?.find((r) => r.currency === main)?.amount ?? 0),
            )}
            format={(v) => (main ? money(v, main) : String(v))}
          />
          <ColumnChart
            title="Conversion (paid of checkouts started)"
            line
            points={buckets.map((b) => point(b.start, b.conversion ?? null))}
            format={(v) => `${Math.round(v * 100)}%`}
          />
          <ColumnChart title="Sign-ups" points={buckets.map((b) => point(b.start, b.signups ?? 0))} />
          <LinesChart
            title="Funnel over time"
            labels={buckets.map((b) => b.start ?? "")}
            series={FUNNEL_OVER_TIME.map(([key, name]) => ({
              name,
              values: buckets.map((b) => b[key] ?? 0),
            }))}
          />
          {currencies.length > 1 ? (
            <p className="muted">
              Also earned:{" "}
              {currencies
                .slice(1)
                .map(([c, amount]) => money(amount, c))
                .join(", ")}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** What needs someone's look: stuck orders, failed webhooks, unpaid installments. */
function Attention() {
  const { api, getRaw } = useSession();
  const found = useQuery({
    queryKey: ["attention"],
    queryFn: async () => {
      const core = unwrap(await api.GET("/v1/admin/reports/timeseries"));
      const endpoints = await whenOn(() =>
        getRaw<Page>("/v1/admin/webhook-endpoints", { page: 1, page_size: 100 }),
      );
      let failedDeliveries: number | null = null;
      if (endpoints) {
        const failed = await Promise.all(
          endpoints.items.map((e) =>
            getRaw<Page>(`/v1/admin/webhook-endpoints/${e.id}/deliveries`, {
              status: "failed",
              page: 1,
              page_size: 1,
            }),
          ),
        );
        failedDeliveries = failed.reduce((sum, page) => sum + page.total, 0);
      }
      const pastDue = await whenOn(() =>
        getRaw<Page>("/v1/admin/payment-plans", { status: "past_due", page: 1, page_size: 1 }),
      );
      return { ...core.attention, failedDeliveries, unpaid: pastDue ? pastDue.total : null };
    },
  });
  const items: [string, number | null | undefined, string | null][] = found.data
    ? [
        ["Stuck orders", found.data.stuck_orders, "/orders"],
        ["Refunds left unfinished", found.data.unfinished_refunds, "/orders"],
        ["Failed payment events", found.data.failed_payment_events, null],
        ["Failed webhook deliveries", found.data.failedDeliveries, null],
        ["Plans with an unpaid installment", found.data.unpaid, null],
      ]
    : [];
  return (
    <section aria-labelledby="attention-title">
      <h2 id="attention-title">Needs attention</h2>
      {found.isPending ? <Loading what="what needs attention" /> : null}
      <ProblemNote error={found.error} />
      {found.data ? (
        <dl className="attention">
          {items
            .filter(([, value]) => value !== null && value !== undefined)
            .map(([label, value, to]) => (
              <div key={label} className={value ? "alert" : undefined}>
                <dt>{to && value ? <Link to={to}>{label}</Link> : label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      ) : null}
    </section>
  );
}

/** Counts of the site, the report over time, what needs attention and the funnel of the
 * last 30 days (the reports API). */
export function OverviewPage() {
  const { api } = useSession();
  const funnel = useQuery({
    queryKey: ["funnel"],
    queryFn: async () => unwrap(await api.GET("/v1/admin/reports/funnel")),
  });
  const counts = useQuery({
    queryKey: ["counts"],
    queryFn: async () => {
      const one = { page: 1, page_size: 1 };
      const [courses, enrollments, orders, pending] = await Promise.all([
        api.GET("/v1/admin/courses", { params: { query: one } }).then(unwrap),
        api.GET("/v1/admin/enrollments", { params: { query: one } }).then(unwrap),
        api.GET("/v1/admin/orders", { params: { query: one } }).then(unwrap),
        api
          .GET("/v1/admin/orders", { params: { query: { ...one, status: "pending" } } })
          .then(unwrap),
      ]);
      return [
        ["Courses", courses.total],
        ["Enrollments", enrollments.total],
        ["Orders", orders.total],
        ["Orders awaiting payment", pending.total],
      ] as const;
    },
  });

  const rows = funnel.data?.courses ?? [];
  const totals = STEPS.map(([key, label]) => ({
    label,
    value: rows.reduce((sum, row) => sum + (row[key] ?? 0), 0),
  }));
  const top = Math.max(1, ...totals.map((t) => t.value));

  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">The site now</h2>
        {counts.isPending ? <Loading what="counts" /> : null}
        <ProblemNote error={counts.error} />
        {counts.data ? (
          <dl className="stats">
            {counts.data.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </section>
      <Attention />
      <OverTime />
      <section aria-labelledby="funnel-title">
        <h2 id="funnel-title">Funnel, last 30 days</h2>
        {funnel.isPending ? <Loading what="the funnel" /> : null}
        <ProblemNote error={funnel.error} />
        {funnel.data ? (
          <>
            <figure className="funnel">
              <figcaption className="sr-only">Funnel of all courses</figcaption>
              <ol>
                {totals.map((t) => (
                  <li key={t.label}>
                    <span className="funnel-label">{t.label}</span>
                    <span className="bar" aria-hidden="true">
                      <span style={{ width: `${(100 * t.value) / top}%` }} />
                    </span>
                    <span className="funnel-value">{t.value}</span>
                  </li>
                ))}
              </ol>
            </figure>
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Funnel by course">
              <table>
                <caption>By course</caption>
                <thead>
                  <tr>
                    <th scope="col">Course</th>
                    {STEPS.map(([key, label]) => (
                      <th scope="col" key={key}>
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.length === 0 ? (
                    <tr>
                      <td colSpan={STEPS.length + 1}>No activity in these 30 days.</td>
                    </tr>
                  ) : (
                    rows.map((row) => (
                      <tr key={row.course}>
                        <th scope="row">{row.title}</th>
                        {STEPS.map(([key]) => (
                          <td key={key}>{row[key]}</td>
                        ))}
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </section>
    </>
  );
}
