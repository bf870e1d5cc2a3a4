import {
  useId,
  useState,
  type ComponentPropsWithRef,
  type ReactNode,
  type SelectHTMLAttributes,
} from "react";

import { ApiError, fieldProblems } from "./problems";

interface FieldOwn {
  label: string;
  error?: string | undefined;
  hint?: string;
}

/**
 * A labelled input whose problem (from the API) is shown under it and announced;
 * `multiline` makes it a text area (4 rows unless `rows` says otherwise).
 */
export function Field(
  props: FieldOwn &
    (
      | ({ multiline?: false } & ComponentPropsWithRef<"input">)
      | ({ multiline: true } & ComponentPropsWithRef<"textarea">)
    ),
) {
  const { label, error, hint, multiline, ...input } = props;
  const id = useId();
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].join(" ").trim();
  const wiring = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={4} {...wiring} {...(input as ComponentPropsWithRef<"textarea">)} />
      ) : (
        <input {...wiring} {...(input as ComponentPropsWithRef<"input">)} />
      )}
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Select({
  label,
  error,
  children,
  ...select
}: { label: string; error?: string | undefined; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...select}
      >
        {children}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The problem of a form (or a page) that belongs to no field. */
export function ProblemNote({ error, message }: { error?: unknown; message?: string | undefined }) {
  const text = message ?? (error instanceof Error ? error.message : error ? String(error) : "");
  if (!text) {
    return null;
  }
  const code = error instanceof ApiError ? error.code : undefined;
  const status = error instanceof ApiError ? error.status : undefined;
  return (
    <div className="problem" role="alert">
      {status ? <strong>{status === 403 ? "Not allowed" : `Error ${status}`}: </strong> : null}
      {text}
      {code ? <code className="problem-code"> ({code})</code> : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** Server-side pages: `{page, page_size, total}` of a list answer. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  label,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}) {
  const last = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page} of {last} ({total} in all)
      </span>
      <button type="button" disabled={page >= last} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

export function money(amount: number | null | undefined, currency: string | null | undefined) {
  if (amount === null || amount === undefined || !currency) {
    return "—";
  }
  // Minor units: the currency's own number of decimals.
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(
    amount / 10 ** digits,
  );
}

export function when(value: string | null | undefined) {
  return value ? new Date(value).toLocaleString() : "—";
}

/** A fresh Idempotency-Key (random, also outside secure contexts where randomUUID is absent). */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export interface PageOf<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
}

/** One server-side page of a list as a table (column headings, a row per item), its pager. */
export function PagedTable<T>({
  label,
  columns,
  data,
  empty,
  row,
  onPage,
}: {
  label: string;
  columns: string[];
  data: PageOf<T>;
  empty: string;
  row: (item: T) => ReactNode;
  onPage?: (page: number) => void;
}) {
  return (
    <>
      {/* Focusable: a table wider than a phone scrolls, by keyboard too. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
        <table>
          <caption className="sr-only">{label}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.items.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{empty}</td>
              </tr>
            ) : null}
            {data.items.map(row)}
          </tbody>
        </table>
      </div>
      {onPage ? (
        <Pager
          label={label}
          page={data.page}
          pageSize={data.page_size}
          total={data.total}
          onPage={onPage}
        />
      ) : null}
    </>
  );
}

/**
 * A form's problems: `run(action)` clears them, runs the action, and on failure puts the
 * API's problems at their fields (`codeFields` as for fieldProblems); `problems[""]` and
 * `error` are the form's own (shown by `<FormProblem>`). Answers whether it went through.
 */
export function useFormProblems(codeFields: Record<string, string> = {}) {
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  async function run(action: () => Promise<void>): Promise<boolean> {
    setProblems({});
    setError(null);
    try {
      await action();
      return true;
    } catch (failed) {
      const found = fieldProblems(failed, codeFields);
      setProblems(found);
      setError(found[""] ? failed : null);
      return false;
    }
  }
  return { problems, error, run, setProblems };
}

export function FormProblem({ form }: { form: { problems: Record<string, string>; error: unknown } }) {
  return <ProblemNote error={form.error} message={form.problems[""]} />;
}

/** A search box whose term is sent to the server on submit. */
export function SearchForm({ label, onSearch }: { label: string; onSearch: (q: string) => void }) {
  const [search, setSearch] = useState("");
  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(search.trim());
      }}
    >
      <Field label={label} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      <button type="submit">Search</button>
    </form>
  );
}
