"use client";
// A page that could not be shown (the API refused or could not be reached): say so, offer
// a retry. Server errors reach the browser without their details (Next.js's digest only).
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <h1 id="page-title">Something went wrong</h1>
      <p id="status" role="status" className="status status-error">
        This page could not be loaded. Try again in a moment.
      </p>
      <button type="button" className="primary" onClick={reset}>Try again</button>
    </>
  );
}
