import type { Problem } from "@tuition/client";

/** A failed API call: the problem+json body (RFC 9457) and the HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Partial<Problem>;

  constructor(status: number, body: unknown) {
    const problem: Partial<Problem> =
      typeof body === "object" && body !== null ? (body as Partial<Problem>) : {};
    super(problem.detail || problem.title || `The API answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

/**
 * Problems of a form by field. `errors` of a 422 name the fields ("title", "price.amount");
 * codes that are about one field (a taken slug, a wrong second factor) are put at it with
 * `codeFields`; anything else is the form's own (key "").
 */
export function fieldProblems(
  error: unknown,
  codeFields: Record<string, string> = {},
): Record<string, string> {
  if (!(error instanceof ApiError)) {
    return error ? { "": error instanceof Error ? error.message : String(error) } : {};
  }
  const out: Record<string, string> = {};
  const errors = (error.problem.errors ?? {}) as Record<string, unknown>;
  for (const [field, messages] of Object.entries(errors)) {
    const text = Array.isArray(messages) ? messages.join(" ") : String(messages);
    out[field === "_schema" ? "" : field] = text;
  }
  const field = error.code ? codeFields[error.code] : undefined;
  if (field !== undefined) {
    out[field] = error.message;
  } else if (Object.keys(out).length === 0 || !("" in out) && Object.keys(errors).length === 0) {
    out[""] = error.message;
  }
  return out;
}

/** Throws ApiError for an error answer of openapi-fetch; returns the data otherwise. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) {
    throw new ApiError(result.response.status, result.error);
  }
  return result.data as T;
}
