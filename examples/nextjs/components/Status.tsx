// The page's one status region (role="status"): what just happened, or a problem.
export function Status({ message, kind = "info" }: { message?: string | null;
  kind?: "info" | "ok" | "error" }) {
  return (
    <p id="status" role="status" aria-live="polite" className={`status status-${kind}`}>
      {message ?? ""}
    </p>
  );
}
