// signup.html?course=<slug>[&cohort=<slug>][&mode=login]: create an account (recording the
// course the student came for) or log in, then carry on enrolling in that course.
// API: POST /v1/auth/signup (signup), POST /v1/auth/login (login), GET /v1/courses/{slug}.
import { ApiError, get, post, session, signIn } from "../api.js";
import {
  boot, continueWith, flash, h, localPage, messageOf, page, params, status,
} from "../app.js";

const content = document.getElementById("content");
const heading = document.getElementById("page-title");
const slug = params.get("course");
const cohort = params.get("cohort");
const login = params.get("mode") === "login";
const next = params.get("next");

function field(id, label, input, hint) {
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  input.setAttribute("id", id);
  input.setAttribute("aria-describedby", describedBy);
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    input,
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    h("p", { class: "field-error", id: `${id}-error` }));
}

/** Show the problem's field errors next to their inputs (422), or a known conflict (409). */
function showFieldErrors(form, error) {
  for (const node of form.querySelectorAll(".field-error")) node.replaceChildren();
  for (const input of form.querySelectorAll("input")) input.removeAttribute("aria-invalid");
  const mark = (name, ...message) => {
    const input = form.querySelector(`#${name}`);
    if (!input) return false;
    input.setAttribute("aria-invalid", "true");
    form.querySelector(`#${name}-error`).replaceChildren(...message);
    return true;
  };
  if (!(error instanceof ApiError)) return;
  if (error.code === "email_taken") {
    mark("email", error.message, " ",
      h("a", { href: page("signup.html", { mode: "login", course: slug, cohort, next }) }, "Log in"));
  }
  const errors = error.errors?.json || error.errors || {};
  for (const [name, messages] of Object.entries(errors)) {
    if (Array.isArray(messages)) mark(name, messages.join(" "));
  }
}

async function submit(form, button) {
  const data = new FormData(form);
  const body = { email: String(data.get("email")).trim(), password: String(data.get("password")) };
  if (!login) {
    body.signup_method = "email";
    if (slug) body.intended_course = slug;
  }
  const label = button.textContent;
  button.disabled = true;
  status.busy(login ? "Logging you in…" : "Creating your account…");
  let answer;
  try {
    ({ data: answer } = await post(login ? "/v1/auth/login" : "/v1/auth/signup", body));
  } catch (error) {
    showFieldErrors(form, error);
    status.error(error);
    button.disabled = false;
    button.textContent = label;
    return;
  }
  signIn(answer);
  status.busy(slug ? "Signed in. Continuing to your course…" : "Signed in.");
  try {
    await continueWith(slug, cohort, next);
  } catch (error) { // signed in, but the course could not be taken: show why on its page
    flash(messageOf(error), "error");
    location.assign(slug ? page("course.html", { course: slug }) : "dashboard.html");
  }
}

async function render() {
  heading.textContent = login ? "Log in" : "Create your account";
  document.title = `${heading.textContent} · ${document.title.split(" · ").pop()}`;
  let intent = null;
  if (slug) {
    const { data: course } = await get(`/v1/courses/${encodeURIComponent(slug)}`);
    intent = h("p", { class: "lead", id: "intent" },
      login ? "Log in to enroll in " : "Sign up to enroll in ", h("strong", {}, course.title),
      ".");
  }
  const me = session();
  if (me) {
    content.replaceChildren(intent || "", h("p", {}, "You are signed in as ", me.email || "a student",
      ". "), slug
      ? h("button", { type: "button", class: "primary", onclick: (event) => {
        event.currentTarget.disabled = true;
        continueWith(slug, cohort).catch((error) => status.error(error));
      } }, "Continue")
      : h("a", { class: "button primary", href: localPage(next) || "dashboard.html" },
        "Continue"));
    return;
  }
  const button = h("button", { type: "submit", class: "primary" },
    login ? "Log in" : "Create account");
  const form = h("form", { class: "auth", "aria-labelledby": "page-title" },
    field("email", "Email", h("input", { type: "email", name: "email", required: true,
      autocomplete: "email", inputmode: "email" })),
    field("password", "Password", h("input", { type: "password", name: "password",
      required: true, minlength: login ? null : 8,
      autocomplete: login ? "current-password" : "new-password" }),
    login ? null : "At least 8 characters."),
    button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form, button);
  });
  const other = login
    ? h("p", {}, "New here? ",
      h("a", { href: page("signup.html", { course: slug, cohort, next }) }, "Create an account"))
    : h("p", {}, "Already have an account? ",
      h("a", { href: page("signup.html", { mode: "login", course: slug, cohort, next }) }, "Log in"));
  content.replaceChildren(intent || "", form, other);
}

boot(login ? "Log in" : "Sign up", async () => {
  status.busy("Loading…");
  await render();
  status.clear();
});
