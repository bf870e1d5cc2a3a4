// The Tuition API, on the server: the generated client (`@tuition/client`) with the site's
// publishable key and, once signed in, the student's token. Nothing here reaches the browser.
import { cookies, headers } from "next/headers";

import {
  createTuitionClient,
  isProblem,
  type Problem,
  type Schema,
  type TuitionClient,
} from "@tuition/client";

import { studentToken } from "@/lib/session";

export type Course = Schema<"CourseOut">;
export type Order = Schema<"OrderOut">;
export type Cohort = {
  slug: string;
  name: string;
  starts_on?: string | null;
  ends_on?: string | null;
  seats_left?: number | null;
  enroll_state: string;
};

/** The cookie that remembers which site (publishable key) the visitor chose with `?key=`. */
export const SITE_COOKIE = "tuition_site";

/** The cookie that remembers the course a visitor signed in from (its landing page's "Login
 * to enroll"), until their first calls as a student carry it as `X-Intended-Course`: Tuition
 * records it on the student the identity provider's token creates, as signup records
 * `intended_course` (docs/api.md, "Identity provider"); later calls change nothing. */
export const INTENDED_COURSE_COOKIE = "tuition_intended_course";
export const INTENDED_COURSE_HEADER = "X-Intended-Course";

/** A course slug as the API writes them, or undefined. */
export function courseSlug(value: unknown): string | undefined {
  return typeof value === "string" && /^[a-z0-9][a-z0-9-]{0,99}$/.test(value) ? value : undefined;
}

export function apiBase(): string {
  return (process.env.TUITION_API_URL ?? "http://127.0.0.1:8000").replace(/\/+$/, "");
}

/** The publishable keys this frontend serves (TUITION_PUBLISHABLE_KEY, comma-separated);
 * the first is the default site. */
export function siteKeys(): string[] {
  return (process.env.TUITION_PUBLISHABLE_KEY ?? "pk_demo_data_school")
    .split(",").map((key) => key.trim()).filter(Boolean);
}

export async function siteKey(): Promise<string> {
  const chosen = (await headers()).get("x-tuition-site") // set by middleware.ts
    ?? (await cookies()).get(SITE_COOKIE)?.value;
  const keys = siteKeys();
  return chosen && keys.includes(chosen) ? chosen : keys[0]!;
}

const TIMEOUT_MS = 15_000;

/** A client for this request: the site's key, and the student's token when signed in.
 * Each call gives up after 15 s, except with `{ stream: true }` (its request's signal
 * ends it). */
export async function tuition(options: { stream?: boolean } = {}): Promise<{
  api: TuitionClient; signedIn: boolean;
}> {
  const token = await studentToken();
  const intended = token
    ? courseSlug((await cookies()).get(INTENDED_COURSE_COOKIE)?.value) : undefined;
  const api = createTuitionClient({
    baseUrl: apiBase(),
    publishableKey: await siteKey(),
    ...(token ? { token } : {}),
    fetch: (request) => {
      if (intended) request.headers.set(INTENDED_COURSE_HEADER, intended);
      return fetch(request, {
        cache: "no-store",
        signal: options.stream ? request.signal
          : AbortSignal.any([request.signal, AbortSignal.timeout(TIMEOUT_MS)]),
      });
    },
  });
  return { api, signedIn: Boolean(token) };
}

/** An answer the page cannot go on without: a problem becomes an error (error.tsx shows it). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Partial<Problem> & Record<string, unknown>) {
    super(String(problem.detail ?? problem.title ?? `The server answered ${status}.`));
    this.name = "ApiError";
  }

  get code(): string | undefined {
    return this.problem.code ?? undefined;
  }
}

export function need<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) {
    const body = isProblem(answer.error) ? answer.error : {};
    throw new ApiError(answer.response.status, body as Problem);
  }
  return answer.data;
}

export function cohortsOf(course: Course): Cohort[] {
  const cohorts = (course.extensions as Record<string, unknown> | undefined)?.cohorts;
  return Array.isArray(cohorts) ? (cohorts as Cohort[]) : [];
}

export function formatPrice(price: Course["price"]): string {
  if (!price || price.amount === 0) return "Free";
  const digits = new Intl.NumberFormat("en", { style: "currency", currency: price.currency })
    .resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat("en", { style: "currency", currency: price.currency })
    .format(price.amount / 10 ** digits);
}

export function seatsText(left: number | null | undefined): string | null {
  if (left === null || left === undefined) return null;
  if (left === 0) return "No seats left";
  return left === 1 ? "1 seat left" : `${left} seats left`;
}

const DAY = new Intl.DateTimeFormat("en", {
  weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
});
const WEEKDAYS = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays",
  "Sundays"];

export function formatDay(iso: string): string {
  return DAY.format(new Date(`${iso}T00:00:00Z`));
}

export function formatSession(option: { date: string | null; weekday: number | null;
  start_time: string; end_time: string; timezone: string }): string {
  const when = option.date ? formatDay(option.date)
    : option.weekday !== null ? WEEKDAYS[option.weekday] : "";
  return `${when ? `${when}, ` : ""}${option.start_time}–${option.end_time} (${option.timezone})`;
}
