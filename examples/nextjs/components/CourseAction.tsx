// The button (or link) of a course, from its `enroll_state` alone: the API decides what the
// student can do, this table only words it (docs/scenarios.md, "enroll states as the single
// source of button text").
import { randomUUID } from "node:crypto";

import Link from "next/link";

import { enrollAction, signInAction } from "@/app/actions";
import type { Course } from "@/lib/tuition";

export const BUTTON_TEXT: Record<Course["enroll_state"], string> = {
  available: "Enroll now",
  choose_cohort: "Enroll now",
  login_required: "Login to enroll",
  registration_closed: "Registration closed",
  full: "Course full",
  enrolled: "Enrolled ✓",
  pending_payment: "Complete payment",
  not_available: "Not available",
  code_required: "Access code required",
  bundle_owned: "All its courses owned ✓",
  payment_overdue: "Payment overdue",
  included: "Included in your membership",
  membership_paused: "Membership paused",
};

export function CourseAction({ course, back = "/" }: { course: Course; back?: string }) {
  const text = BUTTON_TEXT[course.enroll_state] ?? "Not available";
  const coursePage = `/courses/${encodeURIComponent(course.slug)}`;
  const enrollForm = (
    <form action={enrollAction}>
      <input type="hidden" name="course" value={course.slug} />
      <input type="hidden" name="back" value={back} />
      <input type="hidden" name="idempotency_key" value={randomUUID()} />
      <button type="submit" className="primary">{text}</button>
    </form>
  );
  const state: string = course.enroll_state;
  if (state === "included") return enrollForm; // a membership includes it: enrolls at 0
  if (state === "membership_paused") { // a renewal failed: the dashboard says what to do
    return <Link className="button" href="/dashboard">{text}</Link>;
  }
  switch (course.enroll_state) {
    case "available":
    case "pending_payment": // enrolling again answers 409 already_enrolled with the order
      return enrollForm;
    case "choose_cohort":
      return <Link className="button primary" href={coursePage}>{text}</Link>;
    case "login_required":
      return (
        <form action={signInAction}>
          <input type="hidden" name="next" value={coursePage} />
          <input type="hidden" name="course" value={course.slug} />
          <button type="submit" className="primary">{text}</button>
        </form>
      );
    case "enrolled":
    case "bundle_owned":
      return <Link className="button ok" href="/dashboard">{text}</Link>;
    case "payment_overdue": // the plan's next payment failed: the dashboard says what to do
      return <Link className="button" href="/dashboard">{text}</Link>;
    default:
      return (
        <>
          <button type="button" disabled>{text}</button>
          {course.enroll_state === "not_available" && course.missing_prerequisites?.length
            ? <p className="note">First take: {course.missing_prerequisites.join(", ")}</p>
            : null}
        </>
      );
  }
}
