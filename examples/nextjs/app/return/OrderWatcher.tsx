"use client";
// Live status of a pending order: an EventSource on /api/orders/{id}/events (this site's
// route handler, which adds the token on the server). An event that settles the order
// re-renders the page on the server (router.refresh). If the stream fails or stays silent
// for 15 s, it polls instead (bounded, with backoff); after 5 s of silence it asks the
// provider once (a late webhook).
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { askProviderAction } from "@/app/actions";

const SETTLING = new Set(["order.paid", "order.failed", "order.canceled", "order.expired",
  "order.refunded"]);
const ASK_PROVIDER_AFTER_MS = 5_000;
const STREAM_FOR_MS = 15_000;
const POLL_DELAYS_MS = [1_000, 2_000, 4_000, 4_000, 4_000];

export function OrderWatcher({ orderId }: { orderId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState("Checking your payment…");

  useEffect(() => {
    let done = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const source = typeof EventSource === "function"
      ? new EventSource(`/api/orders/${encodeURIComponent(orderId)}/events`) : null;
    const stop = () => {
      source?.close();
      timers.forEach(clearTimeout);
    };
    const settle = () => {
      if (done) return;
      done = true;
      stop();
      router.refresh();
    };
    const poll = (attempt = 0) => {
      if (done) return;
      source?.close();
      if (attempt >= POLL_DELAYS_MS.length) {
        setMessage("Your payment is still being processed. Reload this page to check again.");
        return;
      }
      timers.push(setTimeout(() => {
        router.refresh(); // the page re-reads the order; this component goes once it settled
        poll(attempt + 1);
      }, POLL_DELAYS_MS[attempt]));
    };
    if (!source) {
      poll();
      return stop;
    }
    source.onmessage = (message) => {
      try {
        if (SETTLING.has((JSON.parse(message.data) as { type?: string }).type ?? "")) settle();
      } catch { /* not an event of ours */ }
    };
    // A stream that ends is reopened by EventSource (with Last-Event-ID); a refused one is
    // closed: poll instead.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) poll();
    };
    timers.push(setTimeout(() => {
      askProviderAction(orderId).then((status) => {
        if (status && status !== "pending") settle();
      }).catch(() => undefined);
    }, ASK_PROVIDER_AFTER_MS));
    timers.push(setTimeout(() => poll(), STREAM_FOR_MS));
    return stop;
  }, [orderId, router]);

  return <p id="status" role="status" aria-live="polite" className="status">{message}</p>;
}
