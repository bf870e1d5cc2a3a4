// return.html?order=<id>: where the payment provider sends the buyer back. Polls the order
// (bounded, with backoff) until it is paid or failed, and says what happened.
// API: GET /v1/orders/{id} (getOrder), POST /v1/orders/{id}/refresh (refreshOrder: asks the
// provider now, in case its webhook is late), GET /v1/courses/{slug} (title, cohorts).
import { get, post, session } from "../api.js";
import { boot, h, loginHref, page, params, status } from "../app.js";

const content = document.getElementById("content");
const heading = document.getElementById("page-title");
const orderId = params.get("order");
const DELAYS_MS = [500, 1000, 2000, 4000, 4000, 4000]; // about 15 s in all
const FAILED = new Set(["failed", "canceled", "expired"]);

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const orderPath = () => `/v1/orders/${encodeURIComponent(orderId)}`;

async function poll() {
  let { data: order } = await get(orderPath());
  for (let attempt = 0; order.status === "pending" && attempt < DELAYS_MS.length; attempt += 1) {
    await sleep(DELAYS_MS[attempt]);
    try {
      // Once ask the provider directly; then wait for the webhook's effect.
      ({ data: order } = attempt === 0 ? await post(`${orderPath()}/refresh`) : await get(orderPath()));
    } catch (error) {
      if (error.status !== 502 && error.status !== 503) throw error;
    }
  }
  return order;
}

async function show(order) {
  let course = { slug: order.course, title: order.course, extensions: {} };
  try {
    ({ data: course } = await get(`/v1/courses/${encodeURIComponent(order.course)}`));
  } catch {
    /* the title is a nicety; the slug will do */
  }
  const dashboard = h("a", { href: "dashboard.html" }, "Go to my dashboard");
  const result = (title, kind, ...body) => {
    heading.textContent = title;
    content.replaceChildren(h("section", { class: `result result-${kind}`,
      "data-order-status": order.status, "aria-labelledby": "page-title" }, body));
  };
  if (order.status === "paid") {
    const cohorts = course.extensions?.cohorts || [];
    result("Payment received", "ok",
      h("p", { class: "lead" }, "Thank you! You're enrolled in ", h("strong", {}, course.title),
        "."),
      h("p", { class: "actions" },
        cohorts.length
          ? h("a", { class: "button primary", href: page("book.html",
            { enrollment: order.enrollment_id }) }, "Book your sessions")
          : null,
        dashboard));
    status.ok("Your payment went through.");
  } else if (FAILED.has(order.status)) {
    result(order.status === "expired" ? "Payment expired" : "Payment failed", "error",
      h("p", { class: "lead" }, "The payment for ", h("strong", {}, course.title),
        " did not go through. You have not been charged."),
      h("p", { class: "actions" },
        h("a", { class: "button primary", href: page("course.html", { course: course.slug }) },
          "Try again"),
        dashboard));
    status.error(new Error("The payment did not go through."));
  } else if (order.status === "pending") {
    result("Payment still processing", "pending",
      h("p", { class: "lead" }, "We have not heard back from the payment provider about ",
        h("strong", {}, course.title), " yet. This can take a minute."),
      h("p", { class: "actions" },
        h("button", { type: "button", class: "primary", onclick: () => location.reload() },
          "Check again"),
        dashboard));
    status.ok("Your payment is still being processed.");
  } else { // refunded, partially_refunded
    result("Order refunded", "pending",
      h("p", { class: "lead" }, "This order for ", h("strong", {}, course.title),
        " was refunded."),
      h("p", { class: "actions" }, dashboard));
    status.ok("This order was refunded.");
  }
}

boot("Your payment", async () => {
  if (!orderId) throw new Error("No order was given.");
  if (!session()) {
    content.replaceChildren(h("p", {}, "Log in to see your order. ",
      h("a", { href: loginHref() }, "Log in")));
    return;
  }
  status.busy("Checking your payment…");
  await show(await poll());
});
