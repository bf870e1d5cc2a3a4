import { useState, type FormEvent } from "react";

import { unwrap } from "../problems";
import { useSession } from "../session";
import { Field, FormProblem, useFormProblems } from "../ui";

/** The signed-in member's own account: change the password (other sessions end). */
export function AccountPage() {
  const { api, staff } = useSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const form = useFormProblems({ invalid_password: "current_password" });
  const { problems } = form;
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    await form.run(async () => {
      unwrap(
        await api.POST("/v1/staff/me/password", {
          body: { current_password: current, new_password: next },
        }),
      );
      setDone(true);
      setCurrent("");
      setNext("");
    });
  }
  return (
    <>
      <h1>Your account</h1>
      <p>
        {staff?.email} · {staff?.role}
      </p>
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="password-title">
        <h2 id="password-title">Change your password</h2>
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={problems.current_password}
        />
        <Field
          label="New password"
          type="password"
          hint="At least 8 characters. Your other sessions end."
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={problems.new_password}
        />
        <FormProblem form={form} />
        {done ? <p role="status">Password changed.</p> : null}
        <div className="actions">
          <button type="submit" className="primary">
            Change password
          </button>
        </div>
      </form>
    </>
  );
}
