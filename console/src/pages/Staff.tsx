import type { Schema } from "@tuition/client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { fieldProblems, unwrap } from "../problems";
import { useSession } from "../session";
import { Field, Loading, PagedTable, ProblemNote, Select, when } from "../ui";

type Role = Schema<"StaffInvite">["role"];

/** The site's team (owner only: the API answers 403 insufficient_role to anyone else). */
export function StaffPage() {
  const { api } = useSession();
  const list = useQuery({
    queryKey: ["staff"],
    queryFn: async () =>
      unwrap(await api.GET("/v1/admin/staff", { params: { query: { page: 1, page_size: 100 } } })),
  });
  return (
    <>
      <h1>Staff</h1>
      <ProblemNote error={list.error} />
      {list.isPending ? <Loading what="staff" /> : null}
      {list.data ? (
        <>
          <PagedTable
            label="Staff members"
            columns={["Member", "Role", "Status", "Two-factor", "Invited", "Invitation"]}
            data={list.data}
            empty="No members."
            row={(m) => (
              <tr key={m.id}>
                <th scope="row">
                  {m.name || m.email}
                  <div className="muted">{m.email}</div>
                </th>
                <td>{m.role}</td>
                <td>{m.status}</td>
                <td>{m.totp_enabled ? "on" : "off"}</td>
                <td>{when(m.invited_at)}</td>
                <td>{m.status === "invited" ? <Resend id={m.id ?? ""} email={m.email ?? ""} /> : "—"}</td>
              </tr>
            )}
          />
          <Invite />
        </>
      ) : null}
    </>
  );
}

/** Mail an invitation again (a new one-time link). */
function Resend({ id, email }: { id: string; email: string }) {
  const { api } = useSession();
  const [state, setState] = useState<"" | "sent">("");
  const [error, setError] = useState<unknown>(null);
  async function resend() {
    setError(null);
    try {
      unwrap(
        await api.POST("/v1/admin/staff/{staff_id}/invitation", {
          params: { path: { staff_id: id } },
        }),
      );
      setState("sent");
    } catch (failed) {
      setError(failed);
    }
  }
  return (
    <>
      <button type="button" onClick={resend}>
        Resend to {email}
      </button>
      {state ? <span role="status"> Sent.</span> : null}
      <ProblemNote error={error} />
    </>
  );
}

function Invite() {
  const { api } = useSession();
  const queries = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("manager");
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [invited, setInvited] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblems({});
    setError(null);
    setInvited("");
    try {
      const member = unwrap(
        await api.POST("/v1/admin/staff", { body: { email, role, name: name || null } }),
      );
      setInvited(member.email);
      setEmail("");
      setName("");
      await queries.invalidateQueries({ queryKey: ["staff"] });
    } catch (failed) {
      setProblems(fieldProblems(failed, { staff_exists: "email" }));
      setError(failed);
    }
  }
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a member</h2>
      <Field
        label="Email"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={problems.email}
      />
      <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={problems.name} />
      <Select
        label="Role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
        error={problems.role}
      >
        <option value="support">Support: read, resend mails, manual enrollment</option>
        <option value="manager">Manager: courses, students, orders and refunds</option>
        <option value="owner">Owner: everything</option>
      </Select>
      <ProblemNote error={problems[""] ? error : null} message={problems[""]} />
      {invited ? <p role="status">Invitation mailed to {invited}.</p> : null}
      <div className="actions">
        <button type="submit" className="primary">
          Invite
        </button>
      </div>
    </form>
  );
}
