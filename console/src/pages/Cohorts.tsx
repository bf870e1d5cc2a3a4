import type { Schema } from "@tuition/client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";

import { AskTwice, QueryTable, onePage, useApiForm } from "../form";
import { unwrap } from "../problems";
import { useSession } from "../session";
import { Field, Loading, PagedTable, ProblemNote, Select, idempotencyKey, when } from "../ui";

type Cohort = Schema<"CohortOut">;
type Step = Schema<"StepOut">;
const PAGE_SIZE = 20;
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const COHORT_CODES = { cohort_exists: "slug", capacity_below_seats_taken: "capacity" };

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());
const intOr = (text: string): number => Number(text.trim() || "NaN");

/** A course's cohorts and steps (the cohorts plugin's admin API). */
export function CohortsPage() {
  const { slug = "" } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ["cohorts", slug, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/courses/{slug}/cohorts", {
          params: { path: { slug }, query: { page, page_size: PAGE_SIZE } },
        }),
      ),
  });
  return (
    <>
      <h1>Cohorts of {slug}</h1>
      {notice ? (
        <p role="status" className="ok">
          {notice}
        </p>
      ) : null}
      <QueryTable
        query={list}
        what="cohorts"
        label="Cohorts"
        columns={["Cohort", "Dates", "Seats", "Status"]}
        empty="No cohorts yet."
        onPage={setPage}
        row={(cohort) => (
          <tr key={cohort.id}>
            <th scope="row">
              <Link to={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
              <div className="muted">{cohort.slug}</div>
            </th>
            <td>
              {cohort.starts_on ?? "—"} – {cohort.ends_on ?? "—"}
            </td>
            <td>
              {cohort.seats_taken} / {cohort.capacity}
            </td>
            <td>
              <span className={`badge ${cohort.active ? "active" : ""}`}>
                {cohort.active ? "active" : "inactive"}
              </span>
            </td>
          </tr>
        )}
      />
      <CohortForm course={slug} />
      <Steps course={slug} />
      <p>
        <Link to={`/courses/${slug}`}>Back to the course</Link>
      </p>
    </>
  );
}

/** Create a cohort of `course`, or edit `cohort`. */
function CohortForm({ course, cohort }: { course: string; cohort?: Cohort }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const [done, setDone] = useState("");
  const form = useApiForm(COHORT_CODES, {
    name: cohort?.name ?? "",
    slug: cohort?.slug ?? "",
    capacity: cohort ? String(cohort.capacity) : "",
    starts_on: cohort?.starts_on ?? "",
    ends_on: cohort?.ends_on ?? "",
    enrollment_deadline: cohort?.enrollment_deadline ?? "",
    active: cohort?.active === false ? "closed" : "open",
  });
  const v = form.values;
  const common = {
    name: v.name,
    capacity: intOr(v.capacity),
    starts_on: orNull(v.starts_on),
    ends_on: orNull(v.ends_on),
    enrollment_deadline: orNull(v.enrollment_deadline),
    active: v.active === "open",
  };
  return (
    <form
      className="card form"
      noValidate
      aria-labelledby="cohort-form-title"
      onSubmit={(e) => {
        setDone("");
        void form.run(async () => {
          const headers = { "Idempotency-Key": idempotencyKey() };
          if (cohort) {
            const saved = unwrap(
              await api.PATCH("/v1/admin/cohorts/{cohort_id}", {
                params: { path: { cohort_id: cohort.id } },
                body: common,
                headers,
              }),
            );
            queries.setQueryData(["cohort", cohort.id], saved);
            setDone("Saved.");
          } else {
            const made = unwrap(
              await api.POST("/v1/admin/courses/{slug}/cohorts", {
                params: { path: { slug: course } },
                body: { ...common, slug: v.slug },
                headers,
              }),
            );
            setDone(`Cohort ${made.name} created.`);
            form.setValues({ ...v, name: "", slug: "" });
          }
          await queries.invalidateQueries({ queryKey: ["cohorts", course] });
        }, e);
      }}
    >
      <h2 id="cohort-form-title">{cohort ? "Edit the cohort" : "New cohort"}</h2>
      <Field label="Name" {...form.field("name")} />
      {cohort ? null : (
        <Field
          label="Cohort slug"
          hint="Lowercase letters, digits and dashes; unique in the course."
          {...form.field("slug")}
        />
      )}
      <Field label="Capacity" inputMode="numeric" {...form.field("capacity")} />
      <div className="row">
        <Field label="Starts on" type="date" {...form.field("starts_on")} />
        <Field label="Ends on" type="date" {...form.field("ends_on")} />
      </div>
      <Field
        label="Enrollment deadline"
        hint="ISO 8601, e.g. 2027-01-31T18:00:00Z; empty: none."
        {...form.field("enrollment_deadline")}
      />
      <Select label="Enrollment" {...form.field("active")}>
        <option value="open">Active: takes enrollments</option>
        <option value="closed">Inactive</option>
      </Select>
      {form.note}
      {done ? (
        <p role="status" className="ok">
          {done}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          {cohort ? "Save cohort" : "Create cohort"}
        </button>
      </div>
    </form>
  );
}

function useSteps(course: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: ["steps", course],
    enabled: course !== "",
    queryFn: async () =>
      unwrap(await api.GET("/v1/admin/courses/{slug}/steps", { params: { path: { slug: course } } }))
        .items,
  });
}

/** The course's steps (each cohort offers session options per step). */
function Steps({ course }: { course: string }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const steps = useSteps(course);
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">Steps</h2>
      <ProblemNote error={steps.error} />
      {steps.data ? (
        <PagedTable
          label="Steps"
          columns={["Position", "Step", "Label", "Change"]}
          data={onePage(steps.data)}
          empty="No steps yet."
          row={(step) => (
            <tr key={step.id}>
              <td>{step.position}</td>
              <th scope="row">{step.title}</th>
              <td>
                <code>{step.label}</code>
              </td>
              <td>
                <details>
                  <summary aria-label={`Edit ${step.title}`}>Edit</summary>
                  <StepForm key={JSON.stringify(step)} course={course} step={step} />
                </details>
                <AskTwice
                  what={`step ${step.title}`}
                  run={async () => {
                    unwrap(
                      await api.DELETE("/v1/admin/steps/{step_id}", {
                        params: { path: { step_id: step.id } },
                        headers: { "Idempotency-Key": idempotencyKey() },
                      }),
                    );
                    await queries.invalidateQueries({ queryKey: ["steps", course] });
                  }}
                />
              </td>
            </tr>
          )}
        />
      ) : null}
      <StepForm course={course} />
    </section>
  );
}

/** Add a step to `course`, or change `step`. */
function StepForm({ course, step }: { course: string; step?: Step }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const blank = { label: "", title: "", position: "" };
  const form = useApiForm(
    { step_exists: "label" },
    step ? { label: step.label, title: step.title, position: String(step.position) } : blank,
  );
  const v = form.values;
  const body = {
    label: v.label,
    title: v.title,
    ...(v.position.trim() ? { position: intOr(v.position) } : {}),
  };
  return (
    <form
      className={step ? "form" : "card form"}
      noValidate
      aria-label={step ? `Edit ${step.title}` : "New step"}
      onSubmit={(e) =>
        void form.run(async () => {
          const headers = { "Idempotency-Key": idempotencyKey() };
          if (step) {
            unwrap(
              await api.PATCH("/v1/admin/steps/{step_id}", {
                params: { path: { step_id: step.id } },
                body,
                headers,
              }),
            );
          } else {
            unwrap(
              await api.POST("/v1/admin/courses/{slug}/steps", {
                params: { path: { slug: course } },
                body,
                headers,
              }),
            );
            form.setValues(blank);
          }
          await queries.invalidateQueries({ queryKey: ["steps", course] });
        }, e)
      }
    >
      <div className="row">
        <Field label="Step title" {...form.field("title")} />
        <Field label="Step label" hint="e.g. week-1" {...form.field("label")} />
        <Field label="Position" hint="Empty: last." inputMode="numeric" {...form.field("position")} />
      </div>
      {form.note}
      <button type="submit" disabled={form.busy}>
        {step ? "Save step" : "Add step"}
      </button>
    </form>
  );
}

export function CohortPage() {
  const { id = "" } = useParams();
  const { api } = useSession();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const cohort = useQuery({
    queryKey: ["cohort", id],
    queryFn: async () =>
      unwrap(await api.GET("/v1/admin/cohorts/{cohort_id}", { params: { path: { cohort_id: id } } })),
  });
  if (cohort.isPending) {
    return <Loading what="the cohort" />;
  }
  if (cohort.error) {
    return <ProblemNote error={cohort.error} />;
  }
  return (
    <>
      <h1>{cohort.data.name}</h1>
      <p className="muted">
        {cohort.data.course} / {cohort.data.slug} · {cohort.data.seats_left} seats left
      </p>
      <CohortForm key={JSON.stringify(cohort.data)} course={cohort.data.course} cohort={cohort.data} />
      <Options cohort={cohort.data} />
      <Roster cohort={cohort.data} />
      <section aria-labelledby="delete-cohort-title">
        <h2 id="delete-cohort-title">Delete the cohort</h2>
        <p className="muted">
          Only a cohort nobody enrolled in can go (with its session options and waitlist);
          otherwise make it inactive.
        </p>
        <AskTwice
          what={`cohort ${cohort.data.name}`}
          run={async () => {
            unwrap(
              await api.DELETE("/v1/admin/cohorts/{cohort_id}", {
                params: { path: { cohort_id: id } },
                headers: { "Idempotency-Key": idempotencyKey() },
              }),
            );
            await queries.invalidateQueries({ queryKey: ["cohorts", cohort.data.course] });
            navigate(`/courses/${cohort.data.course}/cohorts`, {
              state: { notice: `Cohort ${cohort.data.name} deleted.` },
            });
          }}
        />
      </section>
      <p>
        <Link to={`/courses/${cohort.data.course}/cohorts`}>Back to the cohorts</Link>
      </p>
    </>
  );
}

/** Session options: per step, when and how many seats (weekly or on a date). */
function Options({ cohort }: { cohort: Cohort }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const steps = useSteps(cohort.course);
  const options = useQuery({
    queryKey: ["options", cohort.id],
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/cohorts/{cohort_id}/options", {
          params: { path: { cohort_id: cohort.id } },
        }),
      ).items,
  });
  const stepList: Step[] = steps.data ?? [];
  return (
    <section aria-labelledby="options-title">
      <h2 id="options-title">Session options</h2>
      <ProblemNote error={options.error ?? steps.error} />
      {options.data ? (
        <PagedTable
          label="Session options"
          columns={["Option", "Step", "When", "Seats", "Change"]}
          data={onePage(options.data)}
          empty="No session options yet."
          row={(o) => (
            <tr key={o.id}>
              <th scope="row">{o.name}</th>
              <td>{o.step}</td>
              <td>
                {o.date ?? (o.weekday !== null ? `every ${WEEKDAYS[o.weekday]}` : "—")}, {o.start_time}–
                {o.end_time} ({o.timezone})
                {o.location ? <div className="muted">{o.location}</div> : null}
              </td>
              <td>
                {o.seats_taken} / {o.capacity}
              </td>
              <td>
                <details>
                  <summary aria-label={`Edit option ${o.name}`}>Edit</summary>
                  <OptionForm key={JSON.stringify(o)} cohort={cohort} steps={stepList} option={o} />
                </details>
                <AskTwice
                  what={`option ${o.name}`}
                  run={async () => {
                    unwrap(
                      await api.DELETE("/v1/admin/options/{option_id}", {
                        params: { path: { option_id: o.id } },
                        headers: { "Idempotency-Key": idempotencyKey() },
                      }),
                    );
                    await queries.invalidateQueries({ queryKey: ["options", cohort.id] });
                  }}
                />
              </td>
            </tr>
          )}
        />
      ) : null}
      <OptionForm cohort={cohort} steps={stepList} />
    </section>
  );
}

type SessionOption = Schema<"OptionOut">;

/**
 * Add a session option to `cohort`, or change `option` (its step stays: the API's PATCH
 * takes every other field, the location included). The API's problems show at their fields: a capacity below the
 * seats booked (409 `capacity_below_seats_taken`), an end before the start, a weekday and a
 * date together (422).
 */
function OptionForm({
  cohort,
  steps,
  option,
}: {
  cohort: Cohort;
  steps: Step[];
  option?: SessionOption;
}) {
  const { api } = useSession();
  const queries = useQueryClient();
  const form = useApiForm(
    { capacity_below_seats_taken: "capacity" },
    option
      ? {
          step: option.step,
          name: option.name,
          capacity: String(option.capacity),
          weekday: option.weekday === null || option.weekday === undefined ? "" : String(option.weekday),
          date: option.date ?? "",
          start_time: option.start_time,
          end_time: option.end_time,
          timezone: option.timezone,
          location: option.location ?? "",
        }
      : {
          step: "",
          name: "",
          capacity: "",
          weekday: "",
          date: "",
          start_time: "18:00",
          end_time: "19:00",
          timezone: "UTC",
          location: "",
        },
  );
  const v = form.values;
  const fields = {
    name: v.name,
    capacity: intOr(v.capacity),
    weekday: v.weekday === "" ? null : Number(v.weekday),
    date: orNull(v.date),
    start_time: v.start_time,
    end_time: v.end_time,
    timezone: v.timezone,
    location: orNull(v.location),
  };
  const label = option ? `Edit option ${option.name}` : "New session option";
  return (
    <form
      className={option ? "form" : "card form"}
      noValidate
      aria-label={label}
      onSubmit={(e) =>
        void form.run(async () => {
          const headers = { "Idempotency-Key": idempotencyKey() };
          if (option) {
            unwrap(
              await api.PATCH("/v1/admin/options/{option_id}", {
                params: { path: { option_id: option.id } },
                body: fields,
                headers,
              }),
            );
          } else {
            unwrap(
              await api.POST("/v1/admin/cohorts/{cohort_id}/options", {
                params: { path: { cohort_id: cohort.id } },
                body: { ...fields, step: v.step || (steps[0]?.label ?? "") },
                headers,
              }),
            );
            form.setValues({ ...v, name: "" });
          }
          await queries.invalidateQueries({ queryKey: ["options", cohort.id] });
          await queries.invalidateQueries({ queryKey: ["roster", cohort.id] });
        }, e)
      }
    >
      {option ? null : (
        <Select label="Step" {...form.field("step")}>
          {steps.map((s) => (
            <option key={s.id} value={s.label}>
              {s.title}
            </option>
          ))}
        </Select>
      )}
      <div className="row">
        <Field label="Option name" {...form.field("name")} />
        <Field label="Option capacity" inputMode="numeric" {...form.field("capacity")} />
      </div>
      <div className="row">
        <Select label="Weekly on" {...form.field("weekday")}>
          <option value="">(not weekly)</option>
          {WEEKDAYS.map((day, index) => (
            <option key={day} value={String(index)}>
              {day}
            </option>
          ))}
        </Select>
        <Field label="Or once, on" type="date" {...form.field("date")} />
      </div>
      <div className="row">
        <Field label="Starts at" hint="HH:MM" {...form.field("start_time")} />
        <Field label="Ends at" hint="HH:MM" {...form.field("end_time")} />
        <Field label="Time zone" {...form.field("timezone")} />
      </div>
      <Field
        label="Location"
        hint="A room, an address or a meeting link; shown to students."
        {...form.field("location")}
      />
      {form.note}
      <button type="submit" disabled={form.busy}>
        {option ? "Save option" : "Add option"}
      </button>
    </form>
  );
}

function Roster({ cohort }: { cohort: Cohort }) {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const roster = useQuery({
    queryKey: ["roster", cohort.id, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/cohorts/{cohort_id}/roster", {
          params: { path: { cohort_id: cohort.id }, query: { page, page_size: PAGE_SIZE } },
        }),
      ),
  });
  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">Roster</h2>
      <ProblemNote error={roster.error} />
      {roster.data ? (
        <>
          <p>
            {roster.data.counts.taken} taken, {roster.data.counts.held} held,{" "}
            {roster.data.counts.waiting} waiting; {roster.data.counts.seats_left} of{" "}
            {roster.data.counts.capacity} seats left.
          </p>
          <PagedTable
            label="Roster"
            columns={["Student", "Enrollment", "Seat", "Held until"]}
            data={roster.data}
            empty="Nobody yet."
            onPage={setPage}
            row={(entry) => (
              <tr key={entry.enrollment_id}>
                <th scope="row">
                  <Link to={`/students/${entry.student_id}`}>{entry.student_email}</Link>
                </th>
                <td>{entry.enrollment_status}</td>
                <td>{entry.seat_status}</td>
                <td>{when(entry.hold_until)}</td>
              </tr>
            )}
          />
        </>
      ) : null}
    </section>
  );
}
