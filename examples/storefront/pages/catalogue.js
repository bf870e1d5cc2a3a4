// index.html: the catalogue, or a landing page when the site sells a single course.
// API: GET /v1/courses (listCourses), POST /v1/courses/{slug}/views for the landing page.
import { post } from "../api.js";
import {
  allCourses, boot, courseAction, courseCard, formatPrice, h, seatsText, status,
} from "../app.js";

const content = document.getElementById("content");
const heading = document.getElementById("page-title");

function landing(course) {
  heading.textContent = course.title;
  document.title = `${course.title} · ${document.title.split(" · ").pop()}`;
  post(`/v1/courses/${encodeURIComponent(course.slug)}/views`).catch(() => {});
  const seats = seatsText(course.seats_left);
  content.replaceChildren(h("section", { class: "landing", "aria-labelledby": "page-title",
    "data-course": course.slug, "data-state": course.enroll_state },
  h("p", { class: "lead" }, course.summary),
  h("p", { class: "meta" }, h("span", { class: "price" }, formatPrice(course.price)),
    seats ? [" · ", h("span", { class: "seats" }, seats)] : null),
  courseAction(course, { idPrefix: "landing", refresh: render })));
}

function catalogue(courses) {
  const titles = new Map(courses.map((course) => [course.slug, course.title]));
  content.replaceChildren(courses.length
    ? h("ul", { class: "cards", "aria-label": "Courses" },
      courses.map((course) => courseCard(course, { titles, refresh: render })))
    : h("p", {}, "No courses are open for enrollment yet."));
}

async function render() {
  const courses = await allCourses();
  if (courses.length === 1) landing(courses[0]);
  else catalogue(courses);
}

boot("Courses", async () => {
  status.busy("Loading courses…");
  await render();
  status.clear();
});
