// Pays a pending order: hosted pages (the dummy provider's `pay_url`, PayPal's
// `approve_url`) are a redirect; Stripe's embedded Checkout is mounted here.
// docs/scenarios.md: the payment step of the paid flows. API: GET /v1/orders/{id} (getOrder).
import Link from "next/link";
import { redirect } from "next/navigation";

import { StripeCheckout } from "@/app/pay/[order]/StripeCheckout";
import { Status } from "@/components/Status";
import { apiBase, need, tuition } from "@/lib/tuition";

export const metadata = { title: "Payment" };

/** The provider's page: absolute, or a path on the API server (the dummy provider's). */
function providerUrl(url: string): string {
  const target = new URL(url, `${apiBase()}/`);
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new Error("The payment page's address is not a web address.");
  }
  return target.toString();
}

export default async function Pay({ params }: { params: Promise<{ order: string }> }) {
  const { order: orderId } = await params;
  const { api } = await tuition();
  const order = need(await api.GET("/v1/orders/{order_id}", {
    params: { path: { order_id: orderId } },
  }));
  const back = `/return?order=${encodeURIComponent(order.id)}`;
  const checkout = order.checkout;
  if (order.status !== "pending" || !checkout) redirect(back);
  if (checkout.client_secret && checkout.publishable_key) {
    return (
      <>
        <h1 id="page-title">Payment</h1>
        <StripeCheckout publishableKey={checkout.publishable_key}
          clientSecret={checkout.client_secret} />
        <p><Link href="/dashboard">Pay later</Link></p>
      </>
    );
  }
  const hosted = checkout.pay_url ?? checkout.approve_url;
  if (hosted) redirect(providerUrl(hosted));
  return (
    <>
      <h1 id="page-title">Payment</h1>
      <Status kind="error" message={"This site cannot open the payment page of this site's "
        + `payment provider (${String(checkout.provider ?? "unknown")}).`} />
    </>
  );
}
