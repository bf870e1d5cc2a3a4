// return.html?order=<id>: where the payment provider sends the buyer back. Listens to the
// order's live events until it is paid or failed, and says what happened; polls the order
// (bounded, with backoff) only when the stream cannot be had or stays silent.
// API: GET /v1/orders/{id} (getOrder), GET /v1/orders/{id}/events (streamOrderEvents,
// Server-Sent Events: EventSource sends no headers, so the key and token go in the query),
// POST /v1/orders/{id}/refresh (refreshOrder: asks the provider now, in case its webhook is
// late), GET /v1/courses/{slug} (title, cohorts).
import { apiBase, get, post, publishableKey, session } from "../api.js";
import { boot, h, loginHref, page, params, status } from "../app.js";

const content = document.getElementById("content");
const heading = document.getElementById("page-title");
const orderId = params.get("order");
const DELAYS_MS = [500, 1000, 2000, 4000, 4000, 4000]; // about 15 s in all
const FAILED = new Set(["failed", "canceled", "expired"]);
// Events that settle a pending order (the page then reads the order once more).
const SETTLING = new Set(["order.paid", "order.failed", "order.canceled", "order.expired",
  "order.refunded"]);
const ASK_PROVIDER_AFTER_MS = 5000; // silence this long: ask the provider once (late webhook)
const STREAM_FOR_MS = 15000; // then give up on the stream and poll

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const orderPath = () => `/v1/orders/${encodeURIComponent(orderId)}`;

async function poll(first) {
  let order = first;
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

// Resolves with the settled order once an event says so; rejects when the stream cannot be
// had (no EventSource, refused, dropped) or stays silent for STREAM_FOR_MS.
function listen() {
  return new Promise((resolve, reject) => {
    if (typeof EventSource !== "function") {
      reject(new Error("No EventSource."));
      return;
    }
    const url = new URL(`${apiBase}${orderPath()}/events`, location.href);
    url.searchParams.set("tenant_key", publishableKey());
    url.searchParams.set("access_token", session().token);
    const source = new EventSource(url);
    const timers = [];
    const stop = () => { source.close(); timers.forEach(clearTimeout); };
    const settle = async (order) => {
      stop();
      try {
        resolve(order || (await get(orderPath())).data);
      } catch (error) {
        reject(error);
      }
    };
    timers.push(setTimeout(async () => {
      try {
        const { data: order } = await post(`${orderPath()}/refresh`);
        if (order.status !== "pending") settle(order);
      } catch { /* the stream goes on */ }
    }, ASK_PROVIDER_AFTER_MS));
    timers.push(setTimeout(() => { stop(); reject(new Error("The stream stayed silent.")); },
      STREAM_FOR_MS));
    source.onmessage = (message) => {
      let event = {};
      try { event = JSON.parse(message.data); } catch { /* not ours */ }
      if (SETTLING.has(event.type)) settle(null);
    };
    // A stream that ends is reopened by EventSource (with Last-Event-ID); one that fails
    // (refused, no server) is closed: poll instead.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        stop();
        reject(new Error("The stream failed."));
      }
    };
  });
}

async function watch() {
  const { data: order } = await get(orderPath());
  if (order.status !== "pending") return order;
  try {
    return await listen();
  } catch {
    return poll(order); // the fallback: bounded polling, asking the provider once
  }
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
  await show(await watch());
});
