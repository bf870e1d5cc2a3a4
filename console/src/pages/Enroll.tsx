import type { Schema } from "@tuition/client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { unwrap } from "../problems";
import { useSession } from "../session";
import {
  Field,
  FormProblem,
  Loading,
  PagedTable,
  ProblemNote,
  Select,
  idempotencyKey,
  useFormProblems,
  when,
} from "../ui";

type Import = Schema<"EnrollmentImportOut">;

/**
 * Enroll one student by hand (POST /v1/admin/enrollments): on a student's page the course
 * is chosen, on a course's page the student (an existing one's email, or someone new who is
 * invited). Complimentary unless an external reference (what it was paid with) is given.
 */
export function ManualEnrollment({ student, course }: { student?: string; course?: string }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const [slug, setSlug] = useState(course ?? "");
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [reference, setReference] = useState("");
  const form = useFormProblems({
    already_enrolled: student ? "course" : "email",
    course_full: "course",
  });
  const { problems } = form;
  const [done, setDone] = useState("");
  const courses = useQuery({
    queryKey: ["courses", "all"],
    enabled: !course,
    queryFn: async () =>
      unwrap(await api.GET("/v1/admin/courses", { params: { query: { page: 1, page_size: 100 } } })),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone("");
    await form.run(async () => {
      const who = student ? { student } : { email, ...(name ? { name } : {}) };
      const terms = reference ? { external_reference: reference } : { complimentary: true };
      const made = unwrap(
        await api.POST("/v1/admin/enrollments", {
          body: { course: slug, ...who, ...terms },
          headers: { "Idempotency-Key": idempotencyKey() },
        }),
      );
      setDone(
        `Enrolled ${made.student_email ?? made.student_id} in ${made.course}` +
          (made.invited ? " (invited by mail)." : "."),
      );
      setEmail("");
      setName("");
      setReference("");
      await queries.invalidateQueries({ queryKey: ["enrollments"] });
    });
  }
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="enroll-title">
      <h2 id="enroll-title">Enroll by hand</h2>
      {course ? null : (
        <Select
          label="Course"
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
          error={problems.course}
        >
          <option value="">Choose a course</option>
          {(courses.data?.items ?? []).map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.title} ({c.status})
            </option>
          ))}
        </Select>
      )}
      {student ? null : (
        <>
          <Field
            label="Student's email"
            type="email"
            hint="Someone without an account is invited by mail."
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={problems.email ?? problems.student}
          />
          <Field
            label="Name (optional)"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={problems.name}
          />
        </>
      )}
      <Field
        label="External reference (optional)"
        hint="What it was paid with outside Tuition (an invoice number); empty: complimentary."
        value={reference}
        onChange={(e) => setReference(e.target.value)}
        error={problems.external_reference}
      />
      {course && problems.course ? <ProblemNote message={problems.course} /> : null}
      <FormProblem form={form} />
      {done ? <p role="status">{done}</p> : null}
      <div className="actions">
        <button type="submit" className="primary">
          Enroll
        </button>
      </div>
    </form>
  );
}

const FINISHED = new Set(["done", "failed"]);

/** CSV import of enrollments: the file is sent, then the job's progress polled. */
export function ImportPage() {
  const { api } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const form = useFormProblems({ unsupported_media_type: "file" });
  const { problems } = form;
  const [current, setCurrent] = useState<string>("");
  const [page, setPage] = useState(1);
  const progress = useQuery({
    queryKey: ["import", current],
    enabled: Boolean(current),
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/enrollments:import/{import_id}", {
          params: { path: { import_id: current } },
        }),
      ),
    refetchInterval: (query) =>
      query.state.data && FINISHED.has(query.state.data.status ?? "") ? false : 1000,
  });
  const past = useQuery({
    queryKey: ["imports", page, progress.data?.status],
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/enrollments:import", {
          params: { query: { page, page_size: 10 } },
        }),
      ),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      form.setProblems({ file: "Choose a CSV file." });
      return;
    }
    await form.run(async () => {
      const text = await file.text();
      const started = unwrap(
        await api.POST("/v1/admin/enrollments:import", {
          body: text as never,
          bodySerializer: (body: unknown) => body as string,
          headers: { "Content-Type": "text/csv", "Idempotency-Key": idempotencyKey() },
        }),
      );
      setCurrent(started.id ?? "");
    });
  }
  return (
    <>
      <h1>Import enrollments</h1>
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="import-title">
        <h2 id="import-title">CSV file</h2>
        <Field
          label="File"
          type="file"
          accept=".csv,text/csv"
          hint="Columns: email, course, and optionally name, cohort, external_reference."
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          error={problems.file}
        />
        <FormProblem form={form} />
        <div className="actions">
          <button type="submit" className="primary">
            Import
          </button>
        </div>
      </form>
      {current ? <Progress found={progress.data} error={progress.error} /> : null}
      <h2>Past imports</h2>
      <ProblemNote error={past.error} />
      {past.isPending ? <Loading what="imports" /> : null}
      {past.data ? (
        <PagedTable
          label="Imports"
          columns={["Import", "Status", "Lines", "Enrolled", "Failed"]}
          data={past.data}
          empty="No imports yet."
          onPage={setPage}
          row={(i) => (
            <tr key={i.id}>
              <th scope="row">
                <button type="button" className="link" onClick={() => setCurrent(i.id ?? "")}>
                  {i.filename || i.id}
                </button>
                <div className="muted">{when(i.created_at)}</div>
              </th>
              <td>
                <span className={`badge ${i.status}`}>{i.status}</span>
              </td>
              <td>
                {i.done} / {i.total}
              </td>
              <td>{i.enrolled}</td>
              <td>{i.failed}</td>
            </tr>
          )}
        />
      ) : null}
    </>
  );
}

function Progress({ found, error }: { found: Import | undefined; error: unknown }) {
  if (!found) {
    return error ? <ProblemNote error={error} /> : <Loading what="the import" />;
  }
  const total = found.total ?? 0;
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title">Import {found.filename || found.id}</h2>
      <p role="status" aria-live="polite">
        {found.status}: {found.done} of {total} lines; {found.enrolled} enrolled ({found.invited}{" "}
        invited), {found.skipped} skipped, {found.failed} failed.
      </p>
      <progress max={Math.max(1, total)} value={found.done ?? 0} aria-label="Lines handled" />
      {found.last_error ? (
        <ProblemNote message={`The import stopped: ${found.last_error}`} />
      ) : null}
      {found.errors && found.errors.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Lines that failed">
          <table>
            <caption>Lines that failed</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Email</th>
                <th scope="col">Course</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {found.errors.map((e) => (
                <tr key={e.line}>
                  <th scope="row">{e.line}</th>
                  <td>{e.email ?? "—"}</td>
                  <td>{e.course ?? "—"}</td>
                  <td>
                    {e.detail} <code>({e.code})</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
