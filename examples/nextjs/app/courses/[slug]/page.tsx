// One course; for a course sold per cohort, the choice of cohort (its own enroll state each).
// docs/scenarios.md: "A cohort bootcamp with session booking" (choose a cohort), and the
// course step of every other flow. API: GET /v1/courses/{slug} (getCourse), enroll.
import { randomUUID } from "node:crypto";

import { enrollAction } from "@/app/actions";
import { CourseAction } from "@/components/CourseAction";
import { Status } from "@/components/Status";
import {
  cohortsOf,
  formatDay,
  formatPrice,
  need,
  seatsText,
  tuition,
  type Cohort,
} from "@/lib/tuition";

const COHORT_STATE: Record<string, string> = {
  registration_closed: "Registration closed",
  full: "Full",
  enrolled: "Enrolled",
  pending_payment: "Payment pending",
};

function cohortLabel(cohort: Cohort): string {
  const dates = cohort.starts_on && cohort.ends_on
    ? ` · ${formatDay(cohort.starts_on)} – ${formatDay(cohort.ends_on)}` : "";
  const state = cohort.enroll_state === "available" ? seatsText(cohort.seats_left) ?? "Open"
    : COHORT_STATE[cohort.enroll_state] ?? "Not available";
  return `${cohort.name}${dates} · ${state}`;
}

export default async function CoursePage({ params, searchParams }: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ problem?: string }>;
}) {
  const { slug } = await params;
  const { problem } = await searchParams;
  const { api } = await tuition();
  const course = need(await api.GET("/v1/courses/{slug}", { params: { path: { slug } } }));
  const cohorts = cohortsOf(course);
  const back = `/courses/${encodeURIComponent(course.slug)}`;
  return (
    <article data-course={course.slug} data-state={course.enroll_state}>
      <h1 id="page-title">{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <p className="meta"><span className="price">{formatPrice(course.price)}</span></p>
      {course.enroll_state === "choose_cohort" && cohorts.length ? (
        <form action={enrollAction} className="cohorts">
          <input type="hidden" name="course" value={course.slug} />
          <input type="hidden" name="back" value={back} />
          <input type="hidden" name="cohort_choice" value="1" />
          <input type="hidden" name="idempotency_key" value={randomUUID()} />
          <fieldset>
            <legend>Choose a cohort</legend>
            {cohorts.map((cohort) => (
              <div className="choice" key={cohort.slug}>
                <input type="radio" name="cohort" id={`cohort-${cohort.slug}`} value={cohort.slug}
                  disabled={cohort.enroll_state !== "available"} />
                <label htmlFor={`cohort-${cohort.slug}`}>{cohortLabel(cohort)}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="primary">Enroll in the selected cohort</button>
        </form>
      ) : (
        <CourseAction course={course} back={back} />
      )}
      <Status message={problem} kind={problem ? "error" : "info"} />
    </article>
  );
}
