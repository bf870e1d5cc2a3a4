// The catalogue: a card per course with the button its `enroll_state` calls for; a site with
// exactly one course gets a landing page instead.
// docs/scenarios.md: "A single free course with its landing page", "A catalogue of free and
// paid courses". API: GET /v1/courses (listCourses), POST /v1/courses/{slug}/views.
import { CourseAction } from "@/components/CourseAction";
import { CourseCard } from "@/components/CourseCard";
import { Status } from "@/components/Status";
import { formatPrice, need, seatsText, tuition } from "@/lib/tuition";

export default async function Catalogue({ searchParams }: {
  searchParams: Promise<{ problem?: string }>;
}) {
  const { problem } = await searchParams;
  const { api } = await tuition();
  const page = need(await api.GET("/v1/courses", { params: { query: { page_size: 100 } } }));
  if (page.items.length === 1) {
    const course = page.items[0]!;
    // The landing page counts as a view of the course (reportCourseView; best effort).
    await api.POST("/v1/courses/{slug}/views", { params: { path: { slug: course.slug } } })
      .catch(() => undefined);
    const seats = seatsText(course.seats_left);
    return (
      <section className="landing" aria-labelledby="page-title" data-course={course.slug}
        data-state={course.enroll_state}>
        <h1 id="page-title">{course.title}</h1>
        <p className="lead">{course.summary}</p>
        <p className="meta">
          <span className="price">{formatPrice(course.price)}</span>
          {seats ? <> · <span className="seats">{seats}</span></> : null}
        </p>
        <CourseAction course={course} />
        <Status message={problem} kind={problem ? "error" : "info"} />
      </section>
    );
  }
  return (
    <>
      <h1 id="page-title">Courses</h1>
      <Status message={problem} kind={problem ? "error" : "info"} />
      <ul className="cards">
        {page.items.map((course) => <CourseCard key={course.slug} course={course} />)}
      </ul>
    </>
  );
}
