// The order's live events (Server-Sent Events), proxied so that the student's token stays on
// the server: the browser's EventSource talks to this route with its session cookie; this
// route calls Tuition's `GET /v1/orders/{id}/events` with the key and the token as headers
// and passes the stream through as it comes (Last-Event-ID included, for resuming).
import { tuition } from "@/lib/tuition";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { api, signedIn } = await tuition({ stream: true });
  if (!signedIn) return new Response("Sign in first.", { status: 401 });
  const lastEventId = request.headers.get("Last-Event-ID");
  const upstream = await api.GET("/v1/orders/{order_id}/events", {
    params: { path: { order_id: id } },
    parseAs: "stream",
    signal: request.signal,
    headers: { Accept: "text/event-stream", ...(lastEventId ? { "Last-Event-ID": lastEventId } : {}) },
  });
  if (!upstream.response.ok || !upstream.data) {
    // EventSource gives up on any answer but 200 text/event-stream; the page then polls.
    return new Response(null, { status: upstream.response.status === 404 ? 404 : 502 });
  }
  return new Response(upstream.data, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: Next.js's gzip would buffer the stream.
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
