// course.html?course=<slug>: one course, and for a course sold per cohort the choice of cohort.
// API: GET /v1/courses/{slug} (getCourse), GET /v1/courses (titles of prerequisites),
// POST /v1/courses/{slug}/views (reportCourseView), POST /v1/enrollments (enroll),
// POST /v1/courses/{slug}/waitlist (joinWaitlist), GET /v1/courses/{slug}/quote (quoteCourse);
// a bundle (bundles plugin) lists its courses from `extensions.bundle`.
import { get, post, session } from "../api.js";
import config from "../config.js";
import {
  allCourses, boot, courseAction, enroll, formatDay, formatPrice, h, joinWaitlist, page, params,
  seatsText, status,
} from "../app.js";

const content = document.getElementById("content");
const heading = document.getElementById("page-title");
const slug = params.get("course");

function cohortLine(cohort) {
  const dates = cohort.starts_on
    ? `${formatDay(cohort.starts_on)} – ${formatDay(cohort.ends_on)}` : "";
  const state = {
    available: seatsText(cohort.seats_left),
    full: "Full",
    registration_closed: "Registration closed",
  }[cohort.enroll_state] || "Not available";
  return [h("strong", {}, cohort.name), dates ? ` · ${dates}` : "", ` · ${state}`];
}

/** A course sold per cohort: radio buttons for the cohorts, then enroll (or log in first). */
function cohortForm(course, cohorts) {
  const signedIn = Boolean(session());
  const choices = cohorts.map((cohort) => {
    const id = `cohort-${cohort.slug}`;
    const waiting = ["waiting", "offered"].includes(cohort.waitlist_status);
    let extra = null;
    if (waiting) {
      extra = h("span", { class: "badge" }, "On the waitlist");
    } else if (cohort.waitlist && signedIn) {
      extra = h("button", { type: "button", onclick: (event) =>
        joinWaitlist(course, cohort.slug, event.currentTarget).catch(() => {}) },
      `Join the waitlist for ${cohort.name}`);
    }
    return h("div", { class: "choice" },
      h("input", { type: "radio", name: "cohort", id, value: cohort.slug,
        disabled: cohort.enroll_state !== "available" }),
      h("label", { for: id }, cohortLine(cohort)),
      extra);
  });
  const choose = course.enroll_state === "choose_cohort";
  const login = course.enroll_state === "login_required";
  const submit = h("button", { type: "submit", class: "primary", disabled: !choose && !login },
    login ? "Login to enroll" : "Enroll in the selected cohort");
  const waitlistNote = !signedIn && cohorts.some((cohort) => cohort.waitlist)
    ? h("p", { class: "note" }, "Full cohorts have a waitlist: ",
      h("a", { href: page("signup.html", { course: course.slug }) }, "log in or sign up"),
      " to join it.")
    : null;
  const form = h("form", { class: "cohorts", "aria-labelledby": "cohort-legend" },
    h("fieldset", {}, h("legend", { id: "cohort-legend" }, "Choose a cohort"), choices),
    waitlistNote, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = form.elements.cohort ? new FormData(form).get("cohort") : null;
    if (!chosen) {
      status.error(new Error("Choose a cohort first."));
      form.querySelector("input[name=cohort]:not([disabled])")?.focus();
      return;
    }
    if (login) location.assign(page("signup.html", { course: course.slug, cohort: chosen }));
    else enroll(course, chosen, submit).catch(() => {});
  });
  return form;
}

/**
 * A bundle (bundles plugin): its courses, those the student owns marked (left out of the
 * purchase and credited), and for a signed-in student the quoted total.
 */
function bundleSection(course, bundle) {
  const quote = h("p", { class: "note", id: "bundle-quote", "aria-live": "polite" });
  if (session() && bundle.owned.length && course.enroll_state === "available") {
    get(`/v1/courses/${encodeURIComponent(course.slug)}/quote`).then(({ data }) => {
      const money = (amount) => formatPrice({ amount, currency: data.currency });
      quote.textContent = data.discount
        ? `Credit for the courses you own: ${money(data.total)} instead of ${money(data.list_price)}.`
        : "";
    }).catch(() => {});
  }
  return h("section", { class: "bundle", "aria-labelledby": "bundle-heading" },
    h("h2", { id: "bundle-heading" }, "This bundle includes"),
    h("ul", {}, bundle.courses.map((member) => h("li", { "data-course": member.slug },
      h("a", { href: page("course.html", { course: member.slug }) }, member.title),
      member.owned ? h("span", { class: "badge" }, " You own it") : null))),
    quote);
}

/** What the course costs with `code` (GET …/quote), or why the code is refused. */
async function showQuote(course, code, out) {
  const query = code ? `?code=${encodeURIComponent(code)}` : "";
  const { data } = await get(`/v1/courses/${encodeURIComponent(course.slug)}/quote${query}`);
  if (data.problem) {
    out.dataset.kind = "error";
    out.textContent = data.problem.detail;
    return false;
  }
  const money = (amount) => formatPrice(data.currency ? { amount, currency: data.currency } : null);
  out.dataset.kind = "ok";
  out.textContent = data.discount
    ? `With ${data.code}: ${money(data.total)} instead of ${money(data.list_price)}.`
    : `Total: ${money(data.total)}.`;
  return true;
}

/**
 * A discount (or access) code field for a signed-in student: "Apply" shows the quote,
 * enrolling sends the code. A course in `code_required` needs one.
 */
function codeForm(course) {
  const required = course.enroll_state === "code_required";
  const input = h("input", { id: "code", name: "code", autocomplete: "off", required,
    "aria-describedby": "quote", value: params.get("code") || "" });
  const quote = h("p", { id: "quote", class: "note", "aria-live": "polite" });
  const apply = h("button", { type: "button" }, "Apply code");
  apply.addEventListener("click", () => {
    showQuote(course, input.value.trim(), quote).catch((error) => status.error(error));
  });
  const submit = h("button", { type: "submit", class: "primary" },
    required ? "Enroll with this code" : "Enroll now");
  const form = h("form", { class: "code" },
    h("label", { for: "code" }, required ? "Access code" : "Discount code (optional)"),
    input, apply, quote, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    enroll(course, null, submit, input.value.trim() || null).catch(() => {});
  });
  return form;
}

async function render() {
  if (!slug) throw new Error("No course was chosen. Go back to the course list.");
  const [{ data: course }, courses] = await Promise.all([
    get(`/v1/courses/${encodeURIComponent(slug)}`), allCourses()]);
  const titles = new Map(courses.map((c) => [c.slug, c.title]));
  heading.textContent = course.title;
  document.title = `${course.title} · ${document.title.split(" · ").pop()}`;
  const cohorts = course.extensions?.cohorts || [];
  const seats = seatsText(course.seats_left);
  const named = (slugs) => slugs.map((s) => titles.get(s) || s).join(", ");
  content.replaceChildren(h("article", { class: "course", "aria-labelledby": "page-title",
    "data-course": course.slug, "data-state": course.enroll_state },
  h("p", { class: "lead" }, course.summary),
  h("p", { class: "meta" }, h("span", { class: "price" }, formatPrice(course.price)),
    seats ? [" · ", h("span", { class: "seats" }, seats)] : null),
  course.prerequisites?.length
    ? h("p", {}, `Take first: ${named(course.prerequisites)}.`) : null,
  course.next_courses?.length
    ? h("p", {}, `Continue with: ${named(course.next_courses)}.`) : null,
  course.extensions?.bundle ? bundleSection(course, course.extensions.bundle) : null,
  cohorts.length && ["choose_cohort", "login_required", "full"].includes(course.enroll_state)
    ? cohortForm(course, cohorts)
    : session() && (course.enroll_state === "code_required"
      || (course.enroll_state === "available" && course.price
        && (params.has("code") || config.discountCodes)))
      ? codeForm(course)
      : courseAction(course, { titles, idPrefix: "course", refresh: render })),
  h("p", {}, h("a", { href: "index.html" }, "← All courses")));
}

boot("Course", async () => {
  status.busy("Loading the course…");
  await render();
  status.clear();
  if (slug) post(`/v1/courses/${encodeURIComponent(slug)}/views`).catch(() => {});
});
