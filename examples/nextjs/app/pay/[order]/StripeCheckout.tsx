"use client";
// Stripe's embedded Checkout (@stripe/react-stripe-js) for the order's Checkout Session.
// Stripe.js itself comes from Stripe (js.stripe.com), as Stripe requires; when it cannot
// load, the page says so.
import { EmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { useMemo, useState } from "react";

export function StripeCheckout({ publishableKey, clientSecret }: {
  publishableKey: string; clientSecret: string;
}) {
  const [failed, setFailed] = useState(false);
  const stripe = useMemo<Promise<Stripe | null>>(
    () => loadStripe(publishableKey).catch(() => { setFailed(true); return null; }),
    [publishableKey],
  );
  if (failed) {
    return (
      <p id="status" role="status" className="status status-error">
        The payment form (Stripe) could not be loaded. Check your internet connection or
        content blocker, then try again.
      </p>
    );
  }
  return (
    <div id="stripe-checkout" className="embedded-checkout">
      <EmbeddedCheckoutProvider stripe={stripe} options={{ clientSecret }}>
        <EmbeddedCheckout />
      </EmbeddedCheckoutProvider>
    </div>
  );
}
