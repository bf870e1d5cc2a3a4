import type { Schema } from "@tuition/client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";

import { useApiForm } from "../form";
import { ApiError, unwrap } from "../problems";
import { useSession } from "../session";
import { ManualEnrollment } from "./Enroll";
import {
  Loading,
  PagedTable,
  ProblemNote,
  SearchForm,
  idempotencyKey,
  money,
  when,
  type PageOf,
} from "../ui";

type Student = Schema<"StudentOut">;
type Enrollment = Schema<"AdminEnrollmentOut">;
type Order = Schema<"OrderOut">;
type Mail = Schema<"MailOut">;
type AuditEntry = Schema<"AuditEntryOut">;
type ExportJob = Schema<"ExportJobOut">;

// GET /v1/admin/students and the `student` filters are newer than the generated client's
// document: called with getRaw (same credentials) until the client is regenerated.

export function StudentsPage() {
  const { getRaw } = useSession();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState("");
  const list = useQuery({
    queryKey: ["students", page, q],
    placeholderData: keepPreviousData,
    queryFn: () => getRaw<PageOf<Student>>("/v1/admin/students", { page, page_size: 20, q }),
  });
  return (
    <>
      <h1>Students</h1>
      <p>
        <Link to="/enrollments/import">Import enrollments from a CSV file</Link>
      </p>
      <SearchForm
        label="Search students"
        onSearch={(term) => {
          setPage(1);
          setQ(term);
        }}
      />
      <ProblemNote error={list.error} />
      {list.isPending ? <Loading what="students" /> : null}
      {list.data ? (
        <PagedTable
          label="Students"
          columns={["Student", "Signed up", "Sign-in", "Email verified"]}
          data={list.data}
          empty={q ? `No students match “${q}”.` : "No students yet."}
          onPage={setPage}
          row={(s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link to={`/students/${s.id}`} state={s}>
                  {s.name || s.email || s.id}
                </Link>
                {s.name ? <div className="muted">{s.email}</div> : null}
              </th>
              <td>{when(s.created_at)}</td>
              <td>{s.sign_in_method ?? s.signup_method}</td>
              <td>{s.email_verified ? "yes" : "no"}</td>
            </tr>
          )}
        />
      ) : null}
    </>
  );
}

/** One student: their enrollments and orders (server-side pages, filtered by student). */
export function StudentPage() {
  const { id = "" } = useParams();
  const known = useLocation().state as Student | null;
  const { getRaw } = useSession();
  const [enrollmentPage, setEnrollmentPage] = useState(1);
  const [orderPage, setOrderPage] = useState(1);
  const enrollments = useQuery({
    queryKey: ["enrollments", "student", id, enrollmentPage],
    placeholderData: keepPreviousData,
    queryFn: () =>
      getRaw<PageOf<Enrollment>>("/v1/admin/enrollments", {
        student: id,
        page: enrollmentPage,
        page_size: 20,
      }),
  });
  const orders = useQuery({
    queryKey: ["orders", "student", id, orderPage],
    placeholderData: keepPreviousData,
    queryFn: () =>
      getRaw<PageOf<Order>>("/v1/admin/orders", { student: id, page: orderPage, page_size: 20 }),
  });
  const email = known?.email ?? enrollments.data?.items[0]?.student_email;
  const [mailPage, setMailPage] = useState(1);
  const [auditPage, setAuditPage] = useState(1);
  const mails = useQuery({
    queryKey: ["mails", email, mailPage],
    enabled: Boolean(email),
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () =>
      getRaw<PageOf<Mail>>("/v1/admin/mails", {
        recipient: email ?? undefined,
        page: mailPage,
        page_size: 10,
      }),
  });
  const audit = useQuery({
    queryKey: ["audit", "student", id, auditPage],
    placeholderData: keepPreviousData,
    queryFn: () =>
      getRaw<PageOf<AuditEntry>>("/v1/admin/audit", {
        actor: `student:${id}`,
        page: auditPage,
        page_size: 10,
      }),
  });
  const mailsOff = mails.error instanceof ApiError && mails.error.status === 404;
  return (
    <>
      <h1>{known?.name || email || id}</h1>
      <p className="muted">
        {email} · <code>{id}</code>
      </p>
      <h2>Enrollments</h2>
      <ProblemNote error={enrollments.error} />
      {enrollments.isPending ? <Loading what="enrollments" /> : null}
      {enrollments.data ? (
        <PagedTable
          label="Enrollments"
          columns={["Course", "Status", "Since", "Order"]}
          data={enrollments.data}
          empty="No enrollments."
          onPage={setEnrollmentPage}
          row={(e) => (
            <tr key={e.id}>
              <th scope="row">{e.course}</th>
              <td>
                <span className={`badge ${e.status}`}>{e.status}</span>
              </td>
              <td>{when(e.created_at)}</td>
              <td>{e.order_id ? <code>{e.order_id}</code> : "—"}</td>
            </tr>
          )}
        />
      ) : null}
      <ManualEnrollment student={id} />
      <h2>Orders</h2>
      <ProblemNote error={orders.error} />
      {orders.isPending ? <Loading what="orders" /> : null}
      {orders.data ? (
        <PagedTable
          label="Orders of the student"
          columns={["Order", "Course", "Amount", "Status"]}
          data={orders.data}
          empty="No orders."
          onPage={setOrderPage}
          row={(o) => (
            <tr key={o.id}>
              <th scope="row">
                <code>{o.id}</code>
              </th>
              <td>{o.course}</td>
              <td>{money(o.amount, o.currency)}</td>
              <td>
                <span className={`badge ${o.status}`}>{o.status}</span>
              </td>
            </tr>
          )}
        />
      ) : null}
      <h2>Mails</h2>
      {mailsOff ? (
        <p className="muted">Mails are not recorded: the email notifications plugin is off.</p>
      ) : (
        <ProblemNote error={mails.error} />
      )}
      {mails.isLoading ? <Loading what="mails" /> : null}
      {mails.data ? (
        <PagedTable
          label="Mails to the student"
          columns={["Mail", "Sent", "Status", "Attempts", "Again"]}
          data={mails.data}
          empty="No mails."
          onPage={setMailPage}
          row={(m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.template} <span className="muted">{m.event_type}</span>
                {m.resent_from ? <div className="muted">resent by staff</div> : null}
              </th>
              <td>{m.sent_at ? when(m.sent_at) : "—"}</td>
              <td>
                <span className={`badge ${m.status}`}>{m.status}</span>
                {m.last_error ? <span className="muted"> {m.last_error}</span> : null}
              </td>
              <td>{m.attempts}</td>
              <td>
                {m.status === "sent" || m.status === "failed" ? <Resend mail={m} /> : "—"}
              </td>
            </tr>
          )}
        />
      ) : null}
      <StudentExport student={id} />
      <h2>Audit trail</h2>
      <ProblemNote error={audit.error} />
      {audit.isPending ? <Loading what="the audit trail" /> : null}
      {audit.data ? (
        <PagedTable
          label="What the student did"
          columns={["When", "What"]}
          data={audit.data}
          empty="Nothing recorded."
          onPage={setAuditPage}
          row={(entry) => (
            <tr key={entry.id}>
              <td>{when(entry.at)}</td>
              <th scope="row">
                {entry.action} <span className="muted">{entry.object_type}</span>{" "}
                <code>{entry.object_id}</code>
              </th>
            </tr>
          )}
        />
      ) : null}
      <p>
        <Link to="/students">Back to students</Link> · <Link to="/orders">All orders (refunds)</Link>
      </p>
    </>
  );
}

/** Send a mail again (support staff may): the answer is the new mail, or the same one
 * retried now when it was waiting for its retry. */
function Resend({ mail }: { mail: Mail }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const action = useApiForm();
  const [done, setDone] = useState("");
  return (
    <>
      <button
        type="button"
        disabled={action.busy}
        aria-label={`Resend ${mail.template} of ${when(mail.created_at)}`}
        onClick={() => {
          setDone("");
          void action.run(async () => {
            const again = unwrap(
              await api.POST("/v1/admin/mails/{mail_id}/resend", {
                params: { path: { mail_id: mail.id } },
                headers: { "Idempotency-Key": idempotencyKey() },
              }),
            );
            setDone(`Resent: ${again.status}.`);
            await queries.invalidateQueries({ queryKey: ["mails"] });
          });
        }}
      >
        Resend
      </button>
      {done ? (
        <p role="status" className="ok">
          {done}
        </p>
      ) : null}
      {action.note}
    </>
  );
}

/**
 * The student's data as JSON (a request they made to the site): a small export comes at
 * once (offered as a file); a large one is built by a job, polled every second until its
 * link is ready.
 */
function StudentExport({ student }: { student: string }) {
  const { api } = useSession();
  const action = useApiForm();
  const [file, setFile] = useState<string | null>(null);
  const [job, setJob] = useState<string | null>(null);
  useEffect(() => () => (file ? URL.revokeObjectURL(file) : undefined), [file]);
  const progress = useQuery({
    queryKey: ["export", job],
    enabled: job !== null,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/exports/{export_id}", {
          params: { path: { export_id: job ?? "" } },
        }),
      ),
    refetchInterval: (query) => (query.state.data?.status === "pending" ? 1000 : false),
  });
  const found: ExportJob | undefined = progress.data;
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Their data</h2>
      <button
        type="button"
        disabled={action.busy || found?.status === "pending"}
        onClick={() => {
          setFile(null);
          setJob(null);
          void action.run(async () => {
            const answer = await api.GET("/v1/admin/students/{student_id}/export", {
              params: { path: { student_id: student } },
            });
            const body = unwrap(answer) as unknown;
            if (answer.response.status === 202) {
              setJob((body as ExportJob).id ?? null);
            } else {
              const blob = new Blob([JSON.stringify(body, null, 2)], { type: "application/json" });
              setFile(URL.createObjectURL(blob));
            }
          });
        }}
      >
        Export their data
      </button>
      {action.note}
      {file ? (
        <p role="status">
          <a href={file} download={`student-${student}.json`}>
            Download the export (JSON)
          </a>
        </p>
      ) : null}
      {job ? <ExportProgress found={found} error={progress.error} /> : null}
    </section>
  );
}

function ExportProgress({ found, error }: { found: ExportJob | undefined; error: unknown }) {
  if (error) {
    return <ProblemNote error={error} />;
  }
  if (!found || found.status === "pending") {
    return (
      <div role="status">
        <p>Building the export (a large one: a job builds it)…</p>
        <progress aria-label="Export being built" />
      </div>
    );
  }
  if (found.status === "failed") {
    return <ProblemNote message="The export failed; try again." />;
  }
  return (
    <p role="status">
      <a href={found.download_url ?? "#"}>Download the export (gzipped JSON)</a>{" "}
      <span className="muted">
        {found.size_bytes ? `${Math.ceil(found.size_bytes / 1024)} kB, ` : ""}the link works until{" "}
        {when(found.expires_at)}
      </span>
    </p>
  );
}
