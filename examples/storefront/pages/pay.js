// pay.html?order=<id>: pay a pending order. Hosted pages (dummy provider, PayPal) are a
// redirect; Stripe's embedded Checkout is mounted here with the order's client secret.
// API: GET /v1/orders/{id} (getOrder: `checkout` while pending). Stripe: https://js.stripe.com/v3
import { get, session } from "../api.js";
import { boot, h, loginHref, page, params, payCheckout, status } from "../app.js";

const content = document.getElementById("content");
const orderId = params.get("order");
const STRIPE_JS = "https://js.stripe.com/v3/";
const LOAD_TIMEOUT_MS = 10000;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    if (window.Stripe) {
      resolve();
      return;
    }
    const script = h("script", { src, async: true });
    const timer = setTimeout(() => reject(new Error("timeout")), LOAD_TIMEOUT_MS);
    script.addEventListener("load", () => { clearTimeout(timer); resolve(); });
    script.addEventListener("error", () => { clearTimeout(timer); reject(new Error("error")); });
    document.head.append(script);
  });
}

async function mountStripe(checkout) {
  status.busy("Loading the secure payment form…");
  try {
    await loadScript(STRIPE_JS);
    if (!window.Stripe) throw new Error("Stripe.js did not start");
  } catch {
    throw new Error("The payment form (Stripe) could not be loaded. Check your internet "
      + "connection or content blocker, then try again.");
  }
  const stripe = window.Stripe(checkout.publishable_key);
  const create = stripe.createEmbeddedCheckoutPage || stripe.initEmbeddedCheckout;
  const embedded = await create.call(stripe, {
    fetchClientSecret: () => Promise.resolve(checkout.client_secret),
  });
  const target = h("div", { id: "stripe-checkout", class: "embedded-checkout" });
  content.replaceChildren(target);
  embedded.mount(target);
  status.clear();
}

boot("Payment", async () => {
  if (!orderId) throw new Error("No order was given.");
  if (!session()) {
    content.replaceChildren(h("a", { class: "button primary",
      href: loginHref() }, "Log in to pay"));
    return;
  }
  status.busy("Loading your order…");
  const { data: order } = await get(`/v1/orders/${encodeURIComponent(orderId)}`);
  if (order.status !== "pending" || !order.checkout) {
    location.replace(page("return.html", { order: order.id }));
    return;
  }
  content.replaceChildren(h("p", {}, h("a", { href: "dashboard.html" }, "Pay later")));
  if (order.checkout.client_secret) {
    await mountStripe(order.checkout);
  } else {
    status.busy("Taking you to the payment page…");
    payCheckout(order.id, order.checkout);
  }
});
