import type { Schema } from "@tuition/client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { AskTwice, ShownOnce, useApiForm } from "../form";
import { unwrap } from "../problems";
import { useSession } from "../session";
import { Field, Loading, PagedTable, ProblemNote, Select, idempotencyKey, when } from "../ui";

type Key = Schema<"KeyOut">;
type Kind = Key["kind"];

/** The site's API keys (owner only: the API answers 403 insufficient_role to anyone else). */
export function KeysPage() {
  const { api } = useSession();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<Kind>("secret");
  const [shown, setShown] = useState<{ label: string; value?: string } | null>(null);
  const create = useApiForm();
  const list = useQuery({
    queryKey: ["keys", page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(await api.GET("/v1/admin/keys", { params: { query: { page, page_size: 20 } } })),
  });
  const changed = (label: string, value?: string) => {
    setShown({ label, value });
    return queries.invalidateQueries({ queryKey: ["keys"] });
  };

  return (
    <>
      <h1>Keys</h1>
      <p>
        Publishable keys (<code>pk_</code>) name the site to storefronts; secret keys (
        <code>sk_</code>) give servers and scripts the admin API.
      </p>
      {shown?.value ? <ShownOnce label={shown.label} value={shown.value} /> : null}
      {shown && !shown.value ? (
        <p role="status" className="ok">
          {shown.label}
        </p>
      ) : null}
      <ProblemNote error={list.error} />
      {list.isPending ? <Loading what="keys" /> : null}
      {list.data ? (
        <>
          <PagedTable
            label="Keys"
            columns={["Key", "Kind", "Status", "Created", "Actions"]}
            data={list.data}
            empty="No keys."
            onPage={setPage}
            row={(key) => <KeyRow key={key.id} apiKey={key} onChanged={changed} />}
          />
          <form
            className="card form"
            noValidate
            aria-labelledby="new-key-title"
            onSubmit={(e) =>
              void create.run(async () => {
                const made = unwrap(
                  await api.POST("/v1/admin/keys", {
                    body: { kind },
                    headers: { "Idempotency-Key": idempotencyKey() },
                  }),
                );
                await changed(`New ${made.kind} key`, made.key);
              }, e)
            }
          >
            <h2 id="new-key-title">New key</h2>
            <Select
              label="Kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as Kind)}
              error={create.problems.kind}
            >
              <option value="secret">Secret (sk_…): the admin API</option>
              <option value="publishable">Publishable (pk_…): storefronts</option>
            </Select>
            {create.note}
            <div className="actions">
              <button type="submit" className="primary" disabled={create.busy}>
                Create key
              </button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
}

function KeyRow({
  apiKey,
  onChanged,
}: {
  apiKey: Key;
  onChanged: (label: string, value?: string) => Promise<void>;
}) {
  const { api } = useSession();
  const action = useApiForm({}, { grace_seconds: "0" });
  const name = `${apiKey.prefix}…${apiKey.last4}`;
  const live = apiKey.status === "active";
  return (
    <tr>
      <th scope="row">
        <code>{apiKey.value ?? name}</code>
        <div className="muted">{apiKey.id}</div>
      </th>
      <td>{apiKey.kind}</td>
      <td>
        <span className={`badge ${apiKey.status}`}>{apiKey.status}</span>
        {apiKey.expires_at ? <div className="muted">until {when(apiKey.expires_at)}</div> : null}
      </td>
      <td>{when(apiKey.created_at)}</td>
      <td>
        {live ? (
          <details>
            <summary>Rotate</summary>
            <form
              noValidate
              onSubmit={(e) =>
                void action.run(async () => {
                  const made = unwrap(
                    await api.POST("/v1/admin/keys/{key_id}/rotate", {
                      params: { path: { key_id: apiKey.id } },
                      body: { grace_seconds: Number(action.values.grace_seconds.trim() || "0") },
                      headers: { "Idempotency-Key": idempotencyKey() },
                    }),
                  );
                  await onChanged(`New ${made.kind} key (replaces ${name})`, made.key);
                }, e)
              }
            >
              <Field
                label="Old key keeps working for (seconds)"
                inputMode="numeric"
                {...action.field("grace_seconds")}
              />
              <button type="submit" disabled={action.busy}>
                Rotate {name}
              </button>
            </form>
          </details>
        ) : null}
        {apiKey.status !== "revoked" && apiKey.status !== "expired" ? (
          <AskTwice
            verb="Revoke"
            what={name}
            run={async () => {
              unwrap(
                await api.DELETE("/v1/admin/keys/{key_id}", {
                  params: { path: { key_id: apiKey.id } },
                  headers: { "Idempotency-Key": idempotencyKey() },
                }),
              );
              await onChanged(`Revoked ${name}.`);
            }}
          />
        ) : null}
        {action.note}
      </td>
    </tr>
  );
}
