import Link from "next/link";

import { CourseAction } from "@/components/CourseAction";
import { type Course, formatPrice, seatsText } from "@/lib/tuition";

export function CourseCard({ course, reason, back }: { course: Course; reason?: string;
  back?: string }) {
  const seats = seatsText(course.seats_left);
  const titleId = `course-${course.slug}-title`;
  return (
    <li className="card">
      <article aria-labelledby={titleId} data-course={course.slug}
        data-state={course.enroll_state}>
        <h3 id={titleId}>
          <Link href={`/courses/${encodeURIComponent(course.slug)}`}>{course.title}</Link>
        </h3>
        {reason ? <p className="reason">{reason}</p> : null}
        <p className="summary">{course.summary}</p>
        <p className="meta">
          <span className="price">{formatPrice(course.price)}</span>
          {seats ? <> · <span className="seats">{seats}</span></> : null}
        </p>
        <CourseAction course={course} {...(back ? { back } : {})} />
      </article>
    </li>
  );
}
