// book.html?enrollment=<id>: book one session per step of a cohort enrollment. Booked steps
// (single-option steps are booked automatically on payment) are shown as booked; the rest
// are radio choices. "Book later" leaves; coming back resumes where the student stopped.
// API: GET /v1/me/enrollments/{id}/steps (listMyEnrollmentSteps),
//      POST /v1/me/enrollments/{id}/bookings (bookSessions).
import { ApiError, get, post, session } from "../api.js";
import { boot, formatSession, h, loginHref, params, seatsText, status } from "../app.js";

const content = document.getElementById("content");
const enrollmentId = params.get("enrollment");
const stepsPath = () => `/v1/me/enrollments/${encodeURIComponent(enrollmentId)}/steps`;
const bookingsPath = () => `/v1/me/enrollments/${encodeURIComponent(enrollmentId)}/bookings`;

function optionChoice(step, option) {
  const id = `option-${option.id}`;
  const full = option.seats_left <= 0;
  return h("div", { class: "choice", "data-option": option.id },
    h("input", { type: "radio", name: `step-${step.step}`, id, value: option.id, disabled: full,
      "aria-describedby": `${id}-error` }),
    h("label", { for: id }, h("strong", {}, option.name), ` · ${formatSession(option)} · `,
      full ? "Full" : seatsText(option.seats_left)),
    h("p", { class: "field-error", id: `${id}-error` }));
}

function stepFieldset(step) {
  const legendId = `step-${step.step}-legend`;
  if (step.status !== "unbooked") {
    const option = step.option;
    return h("fieldset", { class: "step", "data-step": step.step, "data-status": step.status },
      h("legend", { id: legendId }, step.title),
      h("p", {}, h("span", { class: "badge badge-ok" },
        step.status === "completed" ? "Completed" : "Booked"), " ",
      option ? [h("strong", {}, option.name), ` · ${formatSession(option)}`] : null));
  }
  return h("fieldset", { class: "step", "data-step": step.step, "data-status": step.status },
    h("legend", { id: legendId }, step.title),
    step.options.length
      ? step.options.map((option) => optionChoice(step, option))
      : h("p", {}, "No sessions are open for this step yet."));
}

function render(view) {
  const open = view.steps.filter((step) => step.status === "unbooked");
  const heading = h("p", { class: "lead" }, "Cohort ", h("strong", {}, view.cohort_name), ".");
  const later = h("a", { class: "button", href: "dashboard.html" },
    open.length ? "Book later" : "Back to my dashboard");
  if (!open.length) {
    content.replaceChildren(heading, h("div", { class: "steps" }, view.steps.map(stepFieldset)),
      h("p", { class: "done-note" }, "All your sessions are booked."), h("p", {}, later));
    return;
  }
  const submit = h("button", { type: "submit", class: "primary" }, "Book sessions");
  const form = h("form", { class: "steps", "aria-labelledby": "page-title", novalidate: true },
    view.steps.map(stepFieldset),
    h("div", { class: "actions" }, submit, later));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    book(form, submit, open);
  });
  content.replaceChildren(heading, form);
}

function clearErrors(form) {
  for (const node of form.querySelectorAll(".field-error")) node.replaceChildren();
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

async function book(form, submit, open) {
  clearErrors(form);
  const data = new FormData(form);
  const selections = open.map((step) => ({ step: step.step, option: data.get(`step-${step.step}`) }))
    .filter((selection) => selection.option);
  if (!selections.length) {
    status.error(new Error("Choose a session for at least one step, or book later."));
    form.querySelector("input[type=radio]:not([disabled])")?.focus();
    return;
  }
  submit.disabled = true;
  status.busy("Booking your sessions…");
  try {
    const { data: view } = await post(bookingsPath(), { selections });
    render(view);
    const left = view.steps.filter((step) => step.status === "unbooked").length;
    status.ok(left ? `Booked. ${left} step${left > 1 ? "s" : ""} still to book.`
      : "Your sessions are booked.");
  } catch (error) {
    submit.disabled = false;
    const optionId = error instanceof ApiError ? error.problem.option : null;
    const target = optionId && form.querySelector(`#option-${CSS.escape(optionId)}-error`);
    if (target) { // session_full names the option: say so next to it
      target.textContent = error.message;
      const input = form.querySelector(`#option-${CSS.escape(optionId)}`);
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
    status.error(error);
  }
}

boot("Book sessions", async () => {
  if (!enrollmentId) throw new Error("No enrollment was given.");
  if (!session()) {
    content.replaceChildren(h("a", { class: "button primary",
      href: loginHref() }, "Log in to book"));
    return;
  }
  status.busy("Loading your sessions…");
  const { data: view } = await get(stepsPath());
  render(view);
  status.clear();
});
