/**
 * A student's journey through a running Tuition server, with the typed client:
 *
 *   signup (came for sql-basics) → catalogue with enroll states → free enrollment (201,
 *   active; an Idempotency-Key replay answers the same) → enrolling again (409 problem
 *   `already_enrolled`) → a paid enrollment (202, a `dummy` checkout of 49.00 EUR) → paying
 *   on the dummy provider's page → polling the order until it is paid → the dashboard.
 *
 *     node dist/journey.js [SERVER_URL] [PUBLISHABLE_KEY]
 *
 * SERVER_URL defaults to $TUITION_URL, the key to $TUITION_PUBLISHABLE_KEY and then
 * `pk_demo_data_school` (the demo site of `tenants/catalogue.toml`). Progress goes to
 * stderr; the last line on stdout is a JSON summary. Exit status: 0 when every answer was
 * the expected one, 1 otherwise, 2 on a usage error.
 */

import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import { createTuitionClient, type Schema, type TuitionClient } from "./index.js";

type CourseOut = Schema<"CourseOut">;
type EnrollmentOut = Schema<"EnrollmentOut">;
type OrderOut = Schema<"OrderOut">;
type OrderStatus = NonNullable<OrderOut["status"]>;
type EnrollState = NonNullable<CourseOut["enroll_state"]>;

const FREE_COURSE = "sql-basics";
const PAID_COURSE = "sql-masterclass";
const PAID_AMOUNT = 4900;
const PAID_CURRENCY = "EUR";
const PROVIDER = "dummy";
const POLL_TIMEOUT_MS = 15_000;
const POLL_INTERVAL_MS = 100;
const REQUEST_TIMEOUT_MS = 30_000;

/** `fetch` with a deadline on each request, so no answer can hang the journey. */
function fetchWithTimeout(request: Request): Promise<Response> {
  return fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

export interface JourneySummary {
  ok: true;
  student_id: string;
  email: string;
  free_enrollment: { id: string; course: string; status: string };
  paid_enrollment: { id: string; course: string; status: string };
  order: { id: string; status: OrderStatus; amount: number; currency: string;
           provider: string; polls: number };
  dashboard: Record<string, string>;
}

class UnexpectedAnswer extends Error {
  constructor(step: string, message: string, readonly details?: unknown) {
    super(`${step}: ${message}`);
    this.name = "UnexpectedAnswer";
  }
}

/** The step under way, named in the error of a failure that is no unexpected answer. */
let currentStep = "start";

function begin(step: string): string {
  currentStep = step;
  return step;
}

function log(step: string, message: string): void {
  process.stderr.write(`[journey] ${step}: ${message}\n`);
}

function need<T>(step: string, what: string, value: T | null | undefined): T {
  if (value === null || value === undefined) {
    throw new UnexpectedAnswer(step, `the answer has no ${what}`);
  }
  return value;
}

function expectEqual<T>(step: string, what: string, actual: T, expected: NoInfer<T>): void {
  if (actual !== expected) {
    throw new UnexpectedAnswer(step, `${what} is ${JSON.stringify(actual)}, expected ${
      JSON.stringify(expected)}`);
  }
}

function expectStatus(step: string, response: Response, expected: number,
                      body: unknown): void {
  if (response.status !== expected) {
    throw new UnexpectedAnswer(step, `HTTP ${response.status} ${response.url}, expected ${
      expected}: ${JSON.stringify(body)}`, body);
  }
}

function bySlug(step: string, courses: readonly CourseOut[], slug: string): CourseOut {
  return need(step, `course ${slug}`, courses.find((course) => course.slug === slug));
}

function expectState(step: string, course: CourseOut, state: EnrollState): void {
  expectEqual(step, `enroll_state of ${course.slug}`, course.enroll_state, state);
}

async function catalogue(api: TuitionClient, step: string): Promise<CourseOut[]> {
  const { data, error, response } = await api.GET("/v1/courses", {
    params: { query: { page_size: 100 } },
  });
  expectStatus(step, response, 200, error);
  const items = need(step, "body", data).items;
  log(step, items.map((c) => `${c.slug}=${c.enroll_state}`).join(" "));
  return items;
}

async function enroll(api: TuitionClient, course: string, idempotencyKey?: string) {
  return api.POST("/v1/enrollments", {
    params: { header: idempotencyKey === undefined ? {} : { "Idempotency-Key": idempotencyKey } },
    body: { course },
  });
}

function summarise(enrollment: EnrollmentOut) {
  return { id: enrollment.id, course: enrollment.course, status: enrollment.status };
}

async function journey(baseUrl: string, publishableKey: string): Promise<JourneySummary> {
  const runId = randomUUID();
  const anonymous = createTuitionClient({ baseUrl, publishableKey, fetch: fetchWithTimeout });

  // 1. The catalogue as a visitor: courses ask to log in first.
  let step = begin("catalogue (visitor)");
  expectState(step, bySlug(step, await catalogue(anonymous, step), FREE_COURSE),
              "login_required");

  // 2. Sign up, recording the course the student came for.
  step = begin("signup");
  const email = `journey-${runId}@example.com`;
  const signup = await anonymous.POST("/v1/auth/signup", {
    body: { email, password: `pw-${runId}`, signup_method: "email",
            intended_course: FREE_COURSE },
  });
  expectStatus(step, signup.response, 201, signup.error);
  const session = need(step, "body", signup.data);
  const { token, student } = session;
  const studentId = student.id;
  expectEqual(step, "student.intended_course", student.intended_course, FREE_COURSE);
  log(step, `student ${studentId}`);
  const api = createTuitionClient({ baseUrl, publishableKey, token, fetch: fetchWithTimeout });

  // 3. The catalogue as the student: the free course is open, the paid one needs it first.
  step = begin("catalogue (student)");
  let courses = await catalogue(api, step);
  expectState(step, bySlug(step, courses, FREE_COURSE), "available");
  const paidCourse = bySlug(step, courses, PAID_COURSE);
  expectState(step, paidCourse, "not_available");
  expectEqual(step, `missing_prerequisites of ${PAID_COURSE}`,
              JSON.stringify(paidCourse.missing_prerequisites), JSON.stringify([FREE_COURSE]));
  const price = need(step, `price of ${PAID_COURSE}`, paidCourse.price);
  expectEqual(step, "price.amount", price.amount, PAID_AMOUNT);
  expectEqual(step, "price.currency", price.currency, PAID_CURRENCY);

  // 4. Enroll in the free course: 201, active. The same Idempotency-Key replays it.
  step = begin("free enrollment");
  const key = `journey-${runId}-free`;
  const free = await enroll(api, FREE_COURSE, key);
  expectStatus(step, free.response, 201, free.error);
  const freeEnrollment = need(step, "body", free.data);
  expectEqual(step, "status", freeEnrollment.status, "active");
  expectEqual(step, "course", freeEnrollment.course, FREE_COURSE);
  const freeId = freeEnrollment.id;
  log(step, `enrollment ${freeId} ${freeEnrollment.status}`);

  step = begin("free enrollment (idempotent replay)");
  const replay = await enroll(api, FREE_COURSE, key);
  expectStatus(step, replay.response, 201, replay.error);
  expectEqual(step, "id", need(step, "body", replay.data).id, freeId);

  // 5. Enrolling again is a problem with a stable code.
  step = begin("free enrollment again");
  const again = await enroll(api, FREE_COURSE);
  expectStatus(step, again.response, 409, again.error);
  const problem = need(step, "problem body", again.error);
  expectEqual(step, "problem code", problem.code, "already_enrolled");
  expectEqual(step, "problem status", problem.status, 409);
  expectEqual(step, "content type", again.response.headers.get("Content-Type")
    ?.split(";")[0], "application/problem+json");
  log(step, `409 ${problem.code}`);

  // 6. The paid course is open now; enrolling is pending until the checkout is paid.
  step = begin("catalogue (after the free course)");
  courses = await catalogue(api, step);
  expectState(step, bySlug(step, courses, FREE_COURSE), "enrolled");
  expectState(step, bySlug(step, courses, PAID_COURSE), "available");

  step = begin("paid enrollment");
  const paid = await enroll(api, PAID_COURSE, `journey-${runId}-paid`);
  expectStatus(step, paid.response, 202, paid.error);
  const paidEnrollment = need(step, "body", paid.data);
  expectEqual(step, "status", paidEnrollment.status, "pending");
  const paidId = paidEnrollment.id;
  const checkout = need(step, "checkout", paidEnrollment.checkout);
  expectEqual(step, "checkout.provider", checkout.provider, PROVIDER);
  expectEqual(step, "checkout.amount", checkout.amount, PAID_AMOUNT);
  expectEqual(step, "checkout.currency", checkout.currency, PAID_CURRENCY);
  const orderId = checkout.order_id;
  expectEqual(step, "order_id", paidEnrollment.order_id, orderId);
  const payUrl = need(step, "checkout.pay_url", checkout.pay_url);
  log(step, `enrollment ${paidId} pending, order ${orderId}, pay at ${payUrl}`);

  step = begin("course (pending payment)");
  const pending = await api.GET("/v1/courses/{slug}", {
    params: { path: { slug: PAID_COURSE } },
  });
  expectStatus(step, pending.response, 200, pending.error);
  expectState(step, need(step, "body", pending.data), "pending_payment");

  // 7. "Press Pay" on the dummy provider's hosted page: it sends the signed webhook.
  step = begin("dummyPay");
  const page = /^\/v1\/dummy\/checkout\/([^/]+)\/([^/]+)$/.exec(payUrl);
  const tenantSlug = need(step, `a tenant in pay_url ${payUrl}`, page?.[1]);
  expectEqual(step, "order in pay_url", page?.[2], orderId);
  const pay = await api.POST("/v1/dummy/checkout/{tenant}/{order_id}", {
    params: { path: { tenant: tenantSlug, order_id: orderId } },
    body: { outcome: "pay" },
  });
  expectStatus(step, pay.response, 200, pay.error);
  // The page answers a form post with HTML; this JSON post gets the PayResult object.
  const payBody = need(step, "body", pay.data);
  const payment = need(step, "a JSON body", typeof payBody === "string" ? undefined : payBody);
  expectEqual(step, "status", payment.status, "paid");
  expectEqual(step, "order_id", payment.order_id, orderId);
  log(step, `${payment.status}, ${payment.webhooks_sent} webhook(s) sent`);

  // 8. The return page's poll: the order is paid once the webhook was processed.
  step = begin("order");
  let order: OrderOut | undefined;
  let polls = 0;
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (;;) {
    polls += 1;
    const answer = await api.GET("/v1/orders/{order_id}", {
      params: { path: { order_id: orderId } },
    });
    expectStatus(step, answer.response, 200, answer.error);
    order = need(step, "body", answer.data);
    if (order.status !== "pending" || Date.now() >= deadline) {
      break;
    }
    await sleep(POLL_INTERVAL_MS);
  }
  expectEqual(step, "status", order.status, "paid");
  expectEqual(step, "enrollment_status", order.enrollment_status, "active");
  expectEqual(step, "enrollment_id", order.enrollment_id, paidId);
  expectEqual(step, "amount", order.amount, PAID_AMOUNT);
  expectEqual(step, "currency", order.currency, PAID_CURRENCY);
  expectEqual(step, "provider", order.provider, PROVIDER);
  log(step, `${orderId} ${order.status} after ${polls} poll(s)`);

  // 9. The dashboard: both courses owned, both enrollments active.
  step = begin("dashboard");
  const dashboard = await api.GET("/v1/me/dashboard");
  expectStatus(step, dashboard.response, 200, dashboard.error);
  const owned = need(step, "body", dashboard.data).owned;
  const states: Record<string, string> = {};
  for (const { course, enrollment } of owned) {
    states[course.slug] = enrollment.status;
  }
  for (const slug of [FREE_COURSE, PAID_COURSE]) {
    expectEqual(step, `enrollment status of ${slug}`, states[slug], "active");
  }
  log(step, JSON.stringify(states));

  return {
    ok: true,
    student_id: studentId,
    email,
    free_enrollment: summarise(freeEnrollment),
    paid_enrollment: { ...summarise(paidEnrollment), status: states[PAID_COURSE] ?? "" },
    order: {
      id: orderId, status: order.status, amount: order.amount, currency: order.currency,
      provider: order.provider, polls,
    },
    dashboard: states,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const baseUrl = argv[0] ?? process.env["TUITION_URL"];
  const publishableKey = argv[1] ?? process.env["TUITION_PUBLISHABLE_KEY"] ??
    "pk_demo_data_school";
  if (!baseUrl) {
    process.stderr.write("usage: node dist/journey.js SERVER_URL [PUBLISHABLE_KEY]" +
                         " (or TUITION_URL, TUITION_PUBLISHABLE_KEY)\n");
    return 2;
  }
  try {
    const summary = await journey(baseUrl, publishableKey);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (error: unknown) {
    let message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof UnexpectedAnswer)) {
      const cause = error instanceof Error && error.cause instanceof Error
        ? ` (${error.cause.message})` : "";
      message = `${currentStep}: ${message}${cause}`;
    }
    process.stderr.write(`[journey] FAILED ${message}\n`);
    process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
