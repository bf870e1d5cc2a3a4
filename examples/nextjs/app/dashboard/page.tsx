// My courses (a green "Enrolled" badge; "Book sessions" for cohort courses, "Complete
// payment" for unpaid ones), recommendations with their reason, and what is available now.
// docs/scenarios.md: the dashboard step of every flow. API: GET /v1/me/dashboard.
import Link from "next/link";

import { signInAction } from "@/app/actions";
import { CourseCard } from "@/components/CourseCard";
import { Status } from "@/components/Status";
import { cohortsOf, need, tuition } from "@/lib/tuition";

const BADGE: Record<string, [string, string]> = {
  active: ["Enrolled", "badge badge-ok"],
  completed: ["Completed", "badge badge-ok"],
  pending: ["Payment pending", "badge"],
};

export default async function Dashboard({ searchParams }: {
  searchParams: Promise<{ enrolled?: string }>;
}) {
  const { enrolled } = await searchParams;
  const { api, signedIn } = await tuition();
  if (!signedIn) {
    return (
      <>
        <h1 id="page-title">My dashboard</h1>
        <form action={signInAction}>
          <input type="hidden" name="next" value="/dashboard" />
          <button type="submit" className="primary">Sign in to see your courses</button>
        </form>
      </>
    );
  }
  const dashboard = need(await api.GET("/v1/me/dashboard"));
  const justEnrolled = dashboard.owned.find((own) => own.course.slug === enrolled);
  return (
    <>
      <h1 id="page-title">My dashboard</h1>
      <Status kind="ok"
        message={justEnrolled ? `You're enrolled in ${justEnrolled.course.title}.` : null} />
      <section id="my-courses" aria-labelledby="my-courses-title">
        <h2 id="my-courses-title">My courses</h2>
        {dashboard.owned.length ? (
          <ul className="cards">
            {dashboard.owned.map(({ course, enrollment }) => {
              const [badge, className] = BADGE[enrollment.status] ?? [enrollment.status, "badge"];
              return (
                <li className="card" key={enrollment.id}>
                  <article data-course={course.slug} data-enrollment={enrollment.id}
                    aria-labelledby={`own-${enrollment.id}`}>
                    <h3 id={`own-${enrollment.id}`}>{course.title}</h3>
                    <p><span className={className}>{badge}</span></p>
                    <p className="summary">{course.summary}</p>
                    <p className="actions">
                      {enrollment.status === "pending" && enrollment.order_id ? (
                        <Link className="button primary"
                          href={`/pay/${encodeURIComponent(enrollment.order_id)}`}>
                          Complete payment
                        </Link>
                      ) : null}
                      {enrollment.status === "active" && cohortsOf(course).length ? (
                        <Link className="button primary"
                          href={`/book/${encodeURIComponent(enrollment.id)}`}>
                          Book sessions
                        </Link>
                      ) : null}
                    </p>
                  </article>
                </li>
              );
            })}
          </ul>
        ) : <p>No courses yet. <Link href="/">Browse the courses</Link>.</p>}
      </section>
      {dashboard.recommendations.length ? (
        <section aria-labelledby="recommended-title">
          <h2 id="recommended-title">Recommended for you</h2>
          <ul className="cards">
            {dashboard.recommendations.map(({ course, reason }) => (
              <CourseCard key={course.slug} course={course} reason={reason} back="/dashboard" />
            ))}
          </ul>
        </section>
      ) : null}
      {dashboard.available.length ? (
        <section aria-labelledby="available-title">
          <h2 id="available-title">Available now</h2>
          <ul className="cards">
            {dashboard.available.map((course) => (
              <CourseCard key={course.slug} course={course} back="/dashboard" />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
