"use client";
// The wizard's form: posts the chosen sessions to the bookAction server action and shows its
// answer in the status region, or next to the option a problem names (a full session).
import Link from "next/link";
import { useActionState } from "react";

import { bookAction, type BookingState } from "@/app/actions";

export interface StepView {
  step: string;
  title: string;
  status: string;
  booked: string | null;
  bookedName: string | null;
  options: { id: string; name: string; when: string; full: boolean; seats: string }[];
}

function BookedStep({ step }: { step: StepView }) {
  return (
    <fieldset className="step" data-step={step.step} data-status={step.status}>
      <legend>{step.title}</legend>
      <p>
        <span className="badge badge-ok">{step.status === "completed" ? "Completed" : "Booked"}</span>{" "}
        {step.booked}
      </p>
    </fieldset>
  );
}

function OpenStep({ step, error }: { step: StepView; error?: BookingState }) {
  return (
    <fieldset className="step" data-step={step.step} data-status={step.status}>
      <legend>{step.title}</legend>
      {step.options.length ? step.options.map((option) => {
        const id = `option-${option.id}`;
        const invalid = !error?.ok && error?.option === option.id;
        return (
          <div className="choice" key={option.id} data-option={option.id}>
            <input type="radio" name={`step-${step.step}`} id={id} value={option.id}
              disabled={option.full} aria-describedby={`${id}-error`}
              aria-invalid={invalid ? true : undefined} />
            <label htmlFor={id}><strong>{option.name}</strong> · {option.when} · {option.seats}</label>
            <p className="field-error" id={`${id}-error`}>{invalid ? error?.message : null}</p>
          </div>
        );
      }) : <p>No sessions are open for this step yet.</p>}
    </fieldset>
  );
}

export function BookingForm({ enrollment, steps }: { enrollment: string; steps: StepView[] }) {
  const [state, action, pending] = useActionState(bookAction,
    { ok: true, message: "", at: 0 } satisfies BookingState);
  const open = steps.filter((step) => step.status === "unbooked");
  const status = (
    <p id="status" role="status" aria-live="polite"
      className={`status ${state.ok ? "status-ok" : "status-error"}`}>
      {pending ? "Booking your sessions…" : state.message}
    </p>
  );
  if (!open.length) {
    return (
      <>
        {status}
        <div className="steps">{steps.map((step) => <BookedStep key={step.step} step={step} />)}</div>
        <p className="done-note">All your sessions are booked.</p>
        <p><Link className="button" href="/dashboard">Back to my dashboard</Link></p>
      </>
    );
  }
  return (
    <form action={action} className="steps" aria-labelledby="page-title" noValidate>
      {status}
      <input type="hidden" name="enrollment" value={enrollment} />
      {steps.map((step) => step.status === "unbooked"
        ? <OpenStep key={step.step} step={step} error={state} />
        : <BookedStep key={step.step} step={step} />)}
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>Book sessions</button>
        <Link className="button" href="/dashboard">Book later</Link>
      </div>
    </form>
  );
}
