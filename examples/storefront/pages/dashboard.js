// dashboard.html: the student's courses (with "Book sessions" for cohort enrollments), what
// they can enroll in now, and recommendations with their reasons.
// API: GET /v1/me/dashboard (getDashboard); the actions use POST /v1/enrollments.
import { get, session } from "../api.js";
import {
  boot, courseCard, h, loginHref, page, resumePayment, status,
} from "../app.js";

const content = document.getElementById("content");

const BADGES = {
  active: ["Enrolled", "ok"],
  completed: ["Completed", "ok"],
  pending: ["Payment pending", "warn"],
};

function owned({ course, enrollment }) {
  const [label, tone] = BADGES[enrollment.status] || [enrollment.status, "muted"];
  const titleId = `owned-${course.slug}-title`;
  const cohorts = course.extensions?.cohorts || [];
  const actions = [];
  if (enrollment.status === "pending") {
    actions.push(h("button", { type: "button", class: "primary", onclick: (event) =>
      resumePayment(course, event.currentTarget, enrollment.order_id).catch(() => {}) },
    "Complete payment"));
  } else if (enrollment.status === "active" && cohorts.length) {
    actions.push(h("a", { class: "button", href: page("book.html", { enrollment: enrollment.id }) },
      "Book sessions"));
  }
  return h("li", { class: "card" }, h("article", { "aria-labelledby": titleId,
    "data-course": course.slug, "data-enrollment": enrollment.id },
  h("h3", { id: titleId }, h("a", { href: page("course.html", { course: course.slug }) },
    course.title)),
  h("p", {}, h("span", { class: `badge badge-${tone}` }, label)),
  h("p", { class: "summary" }, course.summary),
  actions.length ? h("div", { class: "actions" }, actions) : null));
}

function section(id, title, items, empty) {
  return h("section", { id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, title),
    items.length ? h("ul", { class: "cards" }, items) : h("p", { class: "empty" }, empty));
}

async function render() {
  const { data } = await get("/v1/me/dashboard");
  const titles = new Map([...data.owned.map((o) => o.course), ...data.available,
    ...data.recommendations.map((r) => r.course)].map((c) => [c.slug, c.title]));
  const recommended = new Set(data.recommendations.map((r) => r.course.slug));
  content.replaceChildren(
    section("my-courses", "My courses", data.owned.map(owned),
      h("span", {}, "No courses yet. ", h("a", { href: "index.html" }, "Browse the courses"), ".")),
    section("recommended", "Recommended for you", data.recommendations.map((r) =>
      courseCard(r.course, { titles, heading: "h3", idPrefix: "rec", reason: r.reason,
        refresh: render })), "Nothing to recommend yet."),
    section("available", "Available now", data.available.filter((course) =>
      !recommended.has(course.slug)).map((course) =>
      courseCard(course, { titles, heading: "h3", idPrefix: "avail", refresh: render })),
    "Nothing else is open for you right now."),
  );
}

boot("My dashboard", async () => {
  if (!session()) {
    content.replaceChildren(h("p", {}, "Log in to see your courses. ",
      h("a", { class: "button primary", href: loginHref() }, "Log in")));
    return;
  }
  status.busy("Loading your dashboard…");
  await render();
  status.clear();
});
