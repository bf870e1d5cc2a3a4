"use server";
// Server actions: what the pages' forms do. They run on the server with the student's token
// (lib/tuition.ts); the browser posts the form and follows the redirect.
import { randomUUID } from "node:crypto";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";

import { providerId, secureCookies, signIn, signOut } from "@/auth";
import { courseSlug, INTENDED_COURSE_COOKIE, tuition } from "@/lib/tuition";

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** Only paths of this site, so `next` cannot send the student elsewhere. */
function local(path: string, fallback = "/"): string {
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}

/** Remember the course the visitor signs in for (lib/tuition.ts sends it as
 * `X-Intended-Course` with their first calls as a student), for an hour at most. */
async function rememberIntendedCourse(course: string): Promise<void> {
  const slug = courseSlug(course);
  if (!slug) return;
  (await cookies()).set(INTENDED_COURSE_COOKIE, slug, {
    httpOnly: true, sameSite: "lax", path: "/", maxAge: 3600, secure: secureCookies,
  });
}

async function forgetIntendedCourse(): Promise<void> {
  const jar = await cookies();
  if (jar.has(INTENDED_COURSE_COOKIE)) jar.delete(INTENDED_COURSE_COOKIE);
}

/** "Login to enroll" (with the `course` it is for) and "Sign in": to the identity
 * provider, back to `next`. */
export async function signInAction(form: FormData): Promise<void> {
  await rememberIntendedCourse(text(form, "course"));
  await signIn(providerId, { redirectTo: local(text(form, "next")) });
}

export async function signOutAction(): Promise<void> {
  await forgetIntendedCourse();
  await signOut({ redirectTo: "/" });
}

function withProblem(path: string, message: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}problem=${encodeURIComponent(message)}`;
}

/**
 * POST /v1/enrollments: 201 (free) → the dashboard, 202 (paid) → the payment page. An unpaid
 * order of this course (409 `already_enrolled` naming it) is paid instead.
 */
export async function enrollAction(form: FormData): Promise<void> {
  const course = text(form, "course");
  const cohort = text(form, "cohort");
  const back = local(text(form, "back"), `/courses/${encodeURIComponent(course)}`);
  if (form.has("cohort_choice") && !cohort) redirect(withProblem(back, "Choose a cohort first."));
  const { api, signedIn } = await tuition();
  if (!signedIn) {
    await rememberIntendedCourse(course);
    await signIn(providerId, { redirectTo: `/courses/${encodeURIComponent(course)}` });
  }
  const { data, error, response } = await api.POST("/v1/enrollments", {
    body: cohort ? { course, cohort } : { course },
    headers: { "Idempotency-Key": text(form, "idempotency_key") || randomUUID() },
  });
  // The student exists now (their first calls carried the course they came for).
  await forgetIntendedCourse();
  if (response.status === 201) redirect(`/dashboard?enrolled=${encodeURIComponent(course)}`);
  if (response.status === 202 && data?.checkout) {
    redirect(`/pay/${encodeURIComponent(data.checkout.order_id)}`);
  }
  const problem = (error ?? {}) as { code?: string; detail?: string; order_id?: string };
  if (problem.code === "already_enrolled" && problem.order_id) {
    redirect(`/pay/${encodeURIComponent(problem.order_id)}`);
  }
  redirect(withProblem(back, problem.detail ?? `The enrollment failed (${response.status}).`));
}

/** POST /v1/orders/{id}/refresh: asks the payment provider now (a late webhook). */
export async function askProviderAction(orderId: string): Promise<string | null> {
  const { api } = await tuition();
  const { data } = await api.POST("/v1/orders/{order_id}/refresh", {
    params: { path: { order_id: orderId } },
    headers: { "Idempotency-Key": randomUUID() },
  });
  return data?.status ?? null;
}

export interface BookingState {
  message: string;
  ok: boolean;
  /** The option a problem is about (`session_full` names it), to show it there. */
  option?: string;
  /** Bumped on each answer, so the wizard re-renders it. */
  at: number;
}

/** POST /v1/me/enrollments/{id}/bookings with the chosen session of each open step. */
export async function bookAction(_previous: BookingState, form: FormData): Promise<BookingState> {
  const enrollment = text(form, "enrollment");
  const selections = [...form.entries()]
    .filter(([name, value]) => name.startsWith("step-") && typeof value === "string" && value)
    .map(([name, value]) => ({ step: name.slice("step-".length), option: String(value) }));
  if (!selections.length) {
    return { ok: false, message: "Choose a session for at least one step, or book later.",
      at: Date.now() };
  }
  const { api } = await tuition();
  const { data, error, response } = await api.POST(
    "/v1/me/enrollments/{enrollment_id}/bookings",
    { params: { path: { enrollment_id: enrollment } }, body: { selections } },
  );
  if (!data) {
    const problem = (error ?? {}) as { detail?: string; option?: string };
    return { ok: false, message: problem.detail ?? `The booking failed (${response.status}).`,
      ...(problem.option ? { option: problem.option } : {}), at: Date.now() };
  }
  revalidatePath(`/book/${encodeURIComponent(enrollment)}`); // the wizard shows the bookings
  const left = data.steps.filter((step) => step.status === "unbooked").length;
  return {
    ok: true,
    message: left ? `Booked. ${left} step${left > 1 ? "s" : ""} still to book.`
      : "Your sessions are booked.",
    at: Date.now(),
  };
}
