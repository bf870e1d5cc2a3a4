// Where the payment provider sends the buyer back: paid, failed or still pending. While it is
// pending, OrderWatcher listens to the order's live events (through /api/orders/{id}/events,
// so the token stays here) and refreshes this page when one settles it; it polls only if the
// stream fails or stays silent.
// docs/scenarios.md: the return step of the paid flows. API: GET /v1/orders/{id} (getOrder),
// GET /v1/courses/{slug} (title, cohorts).
import Link from "next/link";

import { OrderWatcher } from "@/app/return/OrderWatcher";
import { signInAction } from "@/app/actions";
import { Status } from "@/components/Status";
import { cohortsOf, need, tuition } from "@/lib/tuition";

export const metadata = { title: "Your payment" };

const FAILED = new Set(["failed", "canceled", "expired"]);

export default async function Return({ searchParams }: {
  searchParams: Promise<{ order?: string }>;
}) {
  const { order: orderId } = await searchParams;
  const { api, signedIn } = await tuition();
  if (!orderId) return <Status kind="error" message="No order was given." />;
  if (!signedIn) {
    return (
      <form action={signInAction}>
        <input type="hidden" name="next" value={`/return?order=${encodeURIComponent(orderId)}`} />
        <p>Sign in to see your order. <button type="submit" className="link">Sign in</button></p>
      </form>
    );
  }
  const order = need(await api.GET("/v1/orders/{order_id}", {
    params: { path: { order_id: orderId } },
  }));
  const course = (await api.GET("/v1/courses/{slug}", {
    params: { path: { slug: order.course } },
  })).data;
  const title = course?.title ?? order.course;
  const dashboard = <Link href="/dashboard">Go to my dashboard</Link>;
  if (order.status === "paid") {
    return (
      <section className="result result-ok" data-order-status={order.status}
        aria-labelledby="page-title">
        <h1 id="page-title">Payment received</h1>
        <p className="lead">Thank you! You&apos;re enrolled in <strong>{title}</strong>.</p>
        <p className="actions">
          {course && cohortsOf(course).length ? (
            <Link className="button primary"
              href={`/book/${encodeURIComponent(order.enrollment_id)}`}>Book your sessions</Link>
          ) : null}
          {dashboard}
        </p>
        <Status kind="ok" message="Your payment went through." />
      </section>
    );
  }
  if (FAILED.has(order.status)) {
    return (
      <section className="result result-error" data-order-status={order.status}
        aria-labelledby="page-title">
        <h1 id="page-title">{order.status === "expired" ? "Payment expired" : "Payment failed"}</h1>
        <p className="lead">The payment for <strong>{title}</strong> did not go through. You
          have not been charged.</p>
        <p className="actions">
          <Link className="button primary"
            href={`/courses/${encodeURIComponent(order.course)}`}>Try again</Link>
          {dashboard}
        </p>
        <Status kind="error" message="The payment did not go through." />
      </section>
    );
  }
  if (order.status === "pending") {
    return (
      <section className="result result-pending" data-order-status={order.status}
        aria-labelledby="page-title">
        <h1 id="page-title">Waiting for your payment</h1>
        <p className="lead">We have not heard back from the payment provider about{" "}
          <strong>{title}</strong> yet. This page updates as soon as we do.</p>
        <p className="actions">{dashboard}</p>
        <OrderWatcher orderId={order.id} />
      </section>
    );
  }
  return (
    <section className="result" data-order-status={order.status} aria-labelledby="page-title">
      <h1 id="page-title">Order refunded</h1>
      <p className="lead">This order for <strong>{title}</strong> was refunded.</p>
      <p className="actions">{dashboard}</p>
    </section>
  );
}
