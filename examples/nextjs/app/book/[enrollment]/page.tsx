// The cohort booking wizard: booked steps (single-option steps are booked when the payment
// arrives) and a radio choice of sessions for the others. "Book later" goes to the
// dashboard; coming back resumes. docs/scenarios.md: "A cohort bootcamp with session booking".
// API: GET /v1/me/enrollments/{id}/steps (listMyEnrollmentSteps), bookSessions (BookingForm).
import { BookingForm } from "@/app/book/[enrollment]/BookingForm";
import { signInAction } from "@/app/actions";
import { formatSession, need, seatsText, tuition } from "@/lib/tuition";

export const metadata = { title: "Book sessions" };

export default async function Book({ params }: { params: Promise<{ enrollment: string }> }) {
  const { enrollment } = await params;
  const { api, signedIn } = await tuition();
  if (!signedIn) {
    return (
      <form action={signInAction}>
        <input type="hidden" name="next" value={`/book/${encodeURIComponent(enrollment)}`} />
        <button type="submit" className="primary">Sign in to book</button>
      </form>
    );
  }
  const view = need(await api.GET("/v1/me/enrollments/{enrollment_id}/steps", {
    params: { path: { enrollment_id: enrollment } },
  }));
  const steps = view.steps.map((step) => ({
    step: step.step,
    title: step.title,
    status: step.status,
    booked: step.option ? `${step.option.name} · ${formatSession(step.option)}` : null,
    bookedName: step.option?.name ?? null,
    options: step.options.map((option) => ({
      id: option.id,
      name: option.name,
      when: formatSession(option),
      full: option.seats_left <= 0,
      seats: option.seats_left <= 0 ? "Full" : seatsText(option.seats_left) ?? "",
    })),
  }));
  return (
    <>
      <h1 id="page-title">Book sessions</h1>
      <p className="lead">Cohort <strong>{view.cohort_name}</strong>.</p>
      <BookingForm enrollment={enrollment} steps={steps} />
    </>
  );
}
