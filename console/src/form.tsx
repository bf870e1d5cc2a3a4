import type { UseQueryResult } from "@tanstack/react-query";
import { useState, type ChangeEvent, type FormEvent, type ReactNode } from "react";

import { fieldProblems } from "./problems";
import { Loading, PagedTable, ProblemNote, type PageOf } from "./ui";

/**
 * The state of a form that calls the API: its text `values` (`field(name)` binds an input:
 * value, change, the API's problem at it), `run` calls the API, keeps its problems by field
 * (`codeFields` puts a code at its field) and what the form itself shows (`note`).
 */
export function useApiForm<K extends string = never>(
  codeFields: Record<string, string> = {},
  initial: Record<K, string> = {} as Record<K, string>,
) {
  const [values, setValues] = useState<Record<K, string>>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>, event?: FormEvent): Promise<boolean> {
    event?.preventDefault();
    setBusy(true);
    setProblems({});
    setError(null);
    try {
      await action();
      return true;
    } catch (failed) {
      setProblems(fieldProblems(failed, codeFields));
      setError(failed);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const note = <ProblemNote error={problems[""] ? error : null} message={problems[""]} />;
  const field = (name: K) => ({
    value: values[name],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      setValues((was) => ({ ...was, [name]: e.target.value })),
    error: problems[name],
  });
  return { values, setValues, field, problems, error, busy, run, note };
}

/** A list query's problem, its loading state, then its page as a table. */
export function QueryTable<T>({
  query,
  what,
  ...table
}: {
  query: UseQueryResult<PageOf<T>>;
  what: string;
  label: string;
  columns: string[];
  empty: string;
  row: (item: T) => ReactNode;
  onPage?: (page: number) => void;
}) {
  return (
    <>
      <ProblemNote error={query.error} />
      {query.isPending ? <Loading what={what} /> : null}
      {query.data ? <PagedTable data={query.data} {...table} /> : null}
    </>
  );
}

/** All of a short list (not paged by the API) as one page. */
export function onePage<T>(items: T[]): PageOf<T> {
  return { items, page: 1, page_size: items.length, total: items.length };
}

/** A value shown once (a new key, a signing secret): to copy now, it will not come back. */
export function ShownOnce({ label, value }: { label: string; value: string }) {
  return (
    <div className="card once" role="status">
      <p>
        <strong>{label}</strong> (shown once: store it now)
      </p>
      <code className="secret-value">{value}</code>
    </div>
  );
}

/** Comma- or space-separated words as a list ("a, b c" → ["a", "b", "c"]). */
export function words(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter(Boolean);
}

/**
 * An action asked twice (a delete, a revocation): "Delete X", then "Really delete X" or
 * "Keep it". `run` calls the API; its problem (a 409 such as `step_in_use`) is shown
 * beside the buttons.
 */
export function AskTwice({
  verb = "Delete",
  what,
  run,
}: {
  verb?: string;
  what: string;
  run: () => Promise<void>;
}) {
  const [asking, setAsking] = useState(false);
  const action = useApiForm();
  return (
    <div className="ask-twice">
      {asking ? (
        <div className="actions">
          <button
            type="button"
            className="danger"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                await run();
                setAsking(false);
              })
            }
          >
            Really {verb.toLowerCase()} {what}
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          {verb} {what}
        </button>
      )}
      {action.note}
    </div>
  );
}
