import type { Schema } from "@tuition/client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";

import { fieldProblems, unwrap } from "../problems";
import { useSession } from "../session";
import { ManualEnrollment } from "./Enroll";
import { Field, Loading, PagedTable, ProblemNote, Select, money } from "../ui";

type Course = Schema<"AdminCourseOut">;
type CourseWrite = Schema<"CourseWrite">;
const PAGE_SIZE = 20;

/** Problems a course answer can have that belong to one field. */
const COURSE_CODES = { course_exists: "slug", capacity_below_seats_taken: "capacity" };

export function CoursesPage() {
  const { api } = useSession();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const list = useQuery({
    queryKey: ["courses", page, q],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      // `q` (search in title and slug) is newer than the generated client's document.
      const query = { page, page_size: PAGE_SIZE, ...(q ? { q } : {}) };
      return unwrap(await api.GET("/v1/admin/courses", { params: { query } }));
    },
  });
  const publish = useMutation({
    mutationFn: async (course: Course) =>
      unwrap(
        await api.PATCH("/v1/admin/courses/{slug}", {
          params: { path: { slug: course.slug } },
          body: { status: "published" },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["courses"] }),
  });

  return (
    <>
      <div className="page-head">
        <h1>Courses</h1>
        <Link className="button primary" to="/courses/new">
          New course
        </Link>
      </div>
      <form
        role="search"
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setQ(search.trim());
        }}
      >
        <Field
          label="Search courses"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <ProblemNote error={list.error ?? publish.error} />
      {list.isPending ? <Loading what="courses" /> : null}
      {list.data ? (
        <PagedTable
          label="Courses"
          columns={["Title", "Status", "Price", "Seats", "Actions"]}
          data={list.data}
          empty={q ? `No courses match “${q}”.` : "No courses yet."}
          onPage={setPage}
          row={(course) => (
            <tr key={course.id}>
              <th scope="row">
                <Link to={`/courses/${course.slug}`}>{course.title}</Link>
                <div className="muted">{course.slug}</div>
              </th>
              <td>
                <span className={`badge ${course.status}`}>{course.status}</span>
              </td>
              <td>
                {course.price
                  ? money(course.price.amount, course.price.currency)
                  : course.pricing_model}
              </td>
              <td>
                {course.seats_taken}
                {course.capacity !== null ? ` / ${course.capacity}` : ""}
              </td>
              <td>
                {course.status !== "published" ? (
                  <button
                    type="button"
                    onClick={() => publish.mutate(course)}
                    disabled={publish.isPending}
                    aria-label={`Publish ${course.title}`}
                  >
                    Publish
                  </button>
                ) : null}
              </td>
            </tr>
          )}
        />
      ) : null}
    </>
  );
}

export function CourseNewPage() {
  const { api } = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  return (
    <>
      <h1>New course</h1>
      <CourseForm
        submitLabel="Create course"
        save={async (body) => {
          const made = unwrap(await api.POST("/v1/admin/courses", { body }));
          await queries.invalidateQueries({ queryKey: ["courses"] });
          navigate(`/courses/${made.slug}`);
        }}
      />
    </>
  );
}

export function CourseEditPage() {
  const { slug = "" } = useParams();
  const { api } = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const course = useQuery({
    queryKey: ["course", slug],
    queryFn: async () =>
      unwrap(await api.GET("/v1/admin/courses/{slug}", { params: { path: { slug } } })),
  });
  if (course.isPending) {
    return <Loading what="the course" />;
  }
  if (course.error) {
    return <ProblemNote error={course.error} />;
  }
  return (
    <>
      <h1>{course.data.title}</h1>
      <p>
        Status: <span className={`badge ${course.data.status}`}>{course.data.status}</span> ·{" "}
        <Link to={`/courses/${course.data.slug}/cohorts`}>Cohorts and steps</Link>
      </p>
      <CourseForm
        key={course.data.updated_at}
        course={course.data}
        submitLabel="Save"
        save={async (body) => {
          const saved = unwrap(
            await api.PATCH("/v1/admin/courses/{slug}", { params: { path: { slug } }, body }),
          );
          queries.setQueryData(["course", saved.slug], saved);
          await queries.invalidateQueries({ queryKey: ["courses"] });
          if (saved.slug !== slug) {
            navigate(`/courses/${saved.slug}`, { replace: true });
          }
        }}
      />
      <ManualEnrollment course={course.data.slug} />
    </>
  );
}

function CourseForm({
  course,
  save,
  submitLabel,
}: {
  course?: Course;
  save: (body: CourseWrite) => Promise<void>;
  submitLabel: string;
}) {
  const [title, setTitle] = useState(course?.title ?? "");
  const [slug, setSlug] = useState(course?.slug ?? "");
  const [summary, setSummary] = useState(course?.summary ?? "");
  const [pricing, setPricing] = useState(course?.pricing_model ?? "free");
  const [amount, setAmount] = useState(course?.price ? String(course.price.amount) : "");
  const [currency, setCurrency] = useState(course?.price?.currency ?? "EUR");
  const [capacity, setCapacity] = useState(
    course?.capacity !== null && course?.capacity !== undefined ? String(course.capacity) : "",
  );
  const [status, setStatus] = useState(course?.status ?? "draft");
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblems({});
    setError(null);
    setSaved(false);
    const body: CourseWrite = {
      title,
      slug,
      summary,
      pricing_model: pricing,
      status: status as CourseWrite["status"],
      capacity: capacity.trim() === "" ? null : Number(capacity),
      price:
        pricing === "free" ? null : { amount: Number(amount), currency: currency.toUpperCase() },
    };
    try {
      await save(body);
      setSaved(true);
    } catch (failed) {
      const found = fieldProblems(failed, COURSE_CODES);
      if (found.price && !found["price.amount"]) {
        found["price.amount"] = found.price;
      }
      setProblems(found);
      setError(failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="card form">
      <Field
        label="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={problems.title}
      />
      <Field
        label="Slug"
        hint="Lowercase letters, digits and dashes; part of the course's address."
        value={slug}
        onChange={(e) => setSlug(e.target.value)}
        error={problems.slug}
      />
      <Field
        label="Summary"
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        error={problems.summary}
      />
      <Select
        label="Pricing"
        value={pricing}
        onChange={(e) => setPricing(e.target.value)}
        error={problems.pricing_model}
      >
        <option value="free">Free</option>
        <option value="one_time">One-time price</option>
      </Select>
      {pricing !== "free" ? (
        <div className="row">
          <Field
            label="Price (minor units, e.g. cents)"
            inputMode="numeric"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={problems["price.amount"]}
          />
          <Field
            label="Currency"
            value={currency}
            maxLength={3}
            onChange={(e) => setCurrency(e.target.value)}
            error={problems["price.currency"]}
          />
        </div>
      ) : null}
      <Field
        label="Capacity"
        hint="Empty: no limit."
        inputMode="numeric"
        value={capacity}
        onChange={(e) => setCapacity(e.target.value)}
        error={problems.capacity}
      />
      <Select
        label="Status"
        value={status}
        onChange={(e) => setStatus(e.target.value)}
        error={problems.status}
      >
        <option value="draft">Draft</option>
        <option value="published">Published</option>
        <option value="archived">Archived</option>
      </Select>
      <ProblemNote error={problems[""] ? error : null} message={problems[""]} />
      {saved ? (
        <p role="status" className="ok">
          Saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        <Link to="/courses">Back to courses</Link>
      </div>
    </form>
  );
}
