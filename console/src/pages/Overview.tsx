import { useQuery } from "@tanstack/react-query";

import { unwrap } from "../problems";
import { useSession } from "../session";
import { Loading, ProblemNote } from "../ui";

const STEPS = [
  ["views", "Views"],
  ["enroll_clicks", "Enroll clicks"],
  ["checkouts_started", "Checkouts started"],
  ["paid", "Paid"],
  ["enrollments", "Enrollments"],
] as const;

/** Counts of the site and the funnel of the last 30 days (the reports API). */
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
            <div className="table-wrap">
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
