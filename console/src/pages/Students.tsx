import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { unwrap } from "../problems";
import { useSession } from "../session";
import { Field, Loading, Pager, ProblemNote, when } from "../ui";

/**
 * Students through their enrollments (newest first, filtered by course on the server): the
 * admin API has no student directory yet, so this is the enrollment list with each
 * student's email, name and how they signed in.
 */
export function StudentsPage() {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const [course, setCourse] = useState("");
  const [filter, setFilter] = useState("");
  const list = useQuery({
    queryKey: ["enrollments", page, filter],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/enrollments", {
          params: { query: { page, page_size: 20, ...(filter ? { course: filter } : {}) } },
        }),
      ),
  });
  return (
    <>
      <h1>Students</h1>
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setFilter(course.trim());
        }}
      >
        <Field
          label="Course (slug)"
          value={course}
          onChange={(e) => setCourse(e.target.value)}
        />
        <button type="submit">Filter</button>
      </form>
      <ProblemNote error={list.error} />
      {list.isPending ? <Loading what="students" /> : null}
      {list.data ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Students and their enrollments</caption>
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  <th scope="col">Course</th>
                  <th scope="col">Status</th>
                  <th scope="col">Enrolled</th>
                  <th scope="col">Order</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={5}>No enrollments.</td>
                  </tr>
                ) : null}
                {list.data.items.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">
                      {e.student_name || e.student_email}
                      <div className="muted">
                        {e.student_email} · {e.student_sign_in_method}
                      </div>
                    </th>
                    <td>{e.course}</td>
                    <td>
                      <span className={`badge ${e.status}`}>{e.status}</span>
                    </td>
                    <td>{when(e.created_at)}</td>
                    <td>{e.order_id ? <code>{e.order_id}</code> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Students"
            page={list.data.page}
            pageSize={list.data.page_size}
            total={list.data.total}
            onPage={setPage}
          />
        </>
      ) : null}
    </>
  );
}
